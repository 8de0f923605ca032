package dev.phishnet.commandapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Real User-Agent headers, as browsers, phones, tools and crawlers send them. */
class ClientFactsReaderTest {

    /** Built once for the class: the analyzer takes seconds to build. */
    private static final ClientFactsReader reader = new ClientFactsReader();

    private static final ExecutorService threads = Executors.newFixedThreadPool(4);

    static final String CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    static final String SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    static final String SAFARI_ON_IPAD = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    static final String FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    static final String CHROME_ON_ANDROID = "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36";
    static final String CURL = "curl/8.5.0";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void chromeOnWindowsIsADesktop() {
        assertThat(read(CHROME_ON_WINDOWS)).isEqualTo(new ClientFacts("203.0.113.7", CHROME_ON_WINDOWS, "Windows NT",
                "Chrome", DeviceType.DESKTOP));
    }

    @Test
    void safariOnAnIphoneIsMobile() {
        assertThat(read(SAFARI_ON_IPHONE)).extracting(ClientFacts::os, ClientFacts::browser, ClientFacts::deviceType)
                .containsExactly("iOS", "Safari", DeviceType.MOBILE);
    }

    @Test
    void anIpadIsATablet() {
        assertThat(read(SAFARI_ON_IPAD)).extracting(ClientFacts::os, ClientFacts::browser, ClientFacts::deviceType)
                .containsExactly("iOS", "Safari", DeviceType.TABLET);
    }

    @Test
    void firefoxOnLinuxIsADesktop() {
        assertThat(read(FIREFOX_ON_LINUX)).extracting(ClientFacts::os, ClientFacts::browser, ClientFacts::deviceType)
                .containsExactly("Linux", "Firefox", DeviceType.DESKTOP);
    }

    @Test
    void chromeOnAnAndroidPhoneIsMobile() {
        assertThat(read(CHROME_ON_ANDROID)).extracting(ClientFacts::os, ClientFacts::browser, ClientFacts::deviceType)
                .containsExactly("Android", "Chrome", DeviceType.MOBILE);
    }

    @Test
    void curlIsARobot() {
        assertThat(read(CURL)).extracting(ClientFacts::browser, ClientFacts::deviceType)
                .containsExactly("Curl", DeviceType.ROBOT);
    }

    @Test
    void googlebotIsARobot() {
        assertThat(read(GOOGLEBOT)).extracting(ClientFacts::browser, ClientFacts::deviceType)
                .containsExactly("Googlebot", DeviceType.ROBOT);
    }

    @Test
    void withoutAUserAgentNothingIsKnownButTheAddress() {
        ClientFacts expected = new ClientFacts("203.0.113.7", null, "Unknown", "Unknown", DeviceType.UNKNOWN);

        assertThat(read(null)).isEqualTo(expected);
        assertThat(read("   ")).isEqualTo(expected);
    }

    @Test
    void aLongUserAgentIsCutTo512Characters() {
        String padded = CHROME_ON_WINDOWS + " " + "x".repeat(1_000);

        ClientFacts facts = read(padded);

        assertThat(facts.userAgent()).hasSize(512).isEqualTo(padded.substring(0, 512));
        assertThat(facts.deviceType()).isEqualTo(DeviceType.DESKTOP);
    }

    @Test
    void theCutNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE00";
        String userAgent = "a".repeat(511) + emoji;

        assertThat(ClientFactsReader.truncate(userAgent)).isEqualTo("a".repeat(511));
    }

    @Test
    void addressesHaveOneSpellingIpv6InItsShortForm() throws UnknownHostException {
        assertThat(ip("2001:0db8:0000:0000:0000:ff00:0042:8329")).isEqualTo("2001:db8::ff00:42:8329");
        assertThat(ip("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(ip("2001:db8:0:1:0:0:0:1")).as("the longest run of zeros is the one shortened")
                .isEqualTo("2001:db8:0:1::1");
        assertThat(ip("::ffff:192.0.2.1")).as("an IPv4-mapped address is the IPv4 address").isEqualTo("192.0.2.1");
        assertThat(ClientFactsReader.ip(null)).isEqualTo(ClientFacts.UNKNOWN);
    }

    @Test
    void aForwardedAddressIsTakenByItsLiteralNeverLookedUp() {
        // What ForwardedHeaderTransformer makes of X-Forwarded-For: an unresolved socket address.
        assertThat(ClientFactsReader.ip(InetSocketAddress.createUnresolved("203.0.113.9", 0))).isEqualTo("203.0.113.9");
        assertThat(ClientFactsReader.ip(InetSocketAddress.createUnresolved("2001:DB8:0:0:0:0:0:7", 0)))
                .isEqualTo("2001:db8::7");
        assertThat(ClientFactsReader.ip(InetSocketAddress.createUnresolved("evil.example.com", 0)))
                .isEqualTo(ClientFacts.UNKNOWN);
    }

    private static String ip(String literal) throws UnknownHostException {
        return ClientFactsReader.ip(new InetSocketAddress(InetAddress.getByName(literal), 0));
    }

    @Test
    void aRequestGivesItsPeerAndItsUserAgent() throws UnknownHostException {
        MockServerHttpRequest request = MockServerHttpRequest.post("/api/v1/auth/login")
                .remoteAddress(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 50123))
                .header(HttpHeaders.USER_AGENT, FIREFOX_ON_LINUX)
                .build();

        ClientFacts facts = reader.read(request).block();

        assertThat(facts).isEqualTo(new ClientFacts("2001:db8::7", FIREFOX_ON_LINUX, "Linux", "Firefox",
                DeviceType.DESKTOP));
    }

    @Test
    void aRequestWithoutAKnownPeerHasAnUnknownAddress() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/").build();

        assertThat(reader.read(request).block().ip()).isEqualTo("Unknown");
    }

    @Test
    void concurrentReadsAgreeWithOneAtATime() throws Exception {
        List<String> userAgents = List.of(CHROME_ON_WINDOWS, SAFARI_ON_IPHONE, SAFARI_ON_IPAD, FIREFOX_ON_LINUX,
                CHROME_ON_ANDROID, CURL, GOOGLEBOT);
        // Distinct strings (a varying build number) so that most reads miss the cache and really parse.
        List<Callable<ClientFacts>> reads = IntStream.range(0, 200)
                .mapToObj(i -> (Callable<ClientFacts>) () -> read(userAgents.get(i % userAgents.size())
                        .replace("124.0", "124." + i)))
                .toList();

        List<Future<ClientFacts>> results = threads.invokeAll(reads);

        for (int i = 0; i < reads.size(); i++) {
            ClientFacts concurrent = results.get(i).get();
            assertThat(concurrent).isEqualTo(reads.get(i).call());
        }
    }

    private static ClientFacts read(String userAgent) {
        try {
            return reader.read(InetAddress.getByName("203.0.113.7"), userAgent);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

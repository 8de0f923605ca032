package dev.phishnet.commandapi.client;

import dev.phishnet.commandapi.session.IpAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

/**
 * Reads the {@link ClientFacts} of a request: its peer address and its User-Agent, parsed by Yauaa (a maintained
 * analyzer of user agents, not rules of our own), limited to the three fields needed.
 *
 * <p>Measured on the 2-core reference machine (Yauaa 7.32, these three fields, tests dropped): the analyzer holds
 * about 103 MB of heap (about 112 MB with its cache full) and takes 3.5 to 7 s to build, so it is built once, on a
 * thread of its own while the service starts, and a read made before it is ready waits for it. A parse then costs
 * 0.15 to 0.5 ms, a repeated user agent (the usual case) 2 to 4 microseconds from the LRU cache. Thread-safe.
 */
@Component
public class ClientFactsReader {

    private static final Logger log = LoggerFactory.getLogger(ClientFactsReader.class);

    /** Parsed user agents kept; about 2 KB each. */
    static final int CACHE_SIZE = 4_096;

    private static final Set<String> UNKNOWN_VALUES = Set.of("", "??", "Unknown");

    /**
     * Yauaa's device classes, as coarse as we need them. Robots include what only imitates one, spies (crawlers
     * dressed as browsers) and hacking attempts; game consoles, TVs, cars and the like are not worth a class here.
     */
    private static final Map<String, DeviceType> DEVICE_TYPES = Map.ofEntries(
            Map.entry("Desktop", DeviceType.DESKTOP),
            Map.entry("Phone", DeviceType.MOBILE),
            Map.entry("Mobile", DeviceType.MOBILE),
            Map.entry("Watch", DeviceType.MOBILE),
            Map.entry("Tablet", DeviceType.TABLET),
            Map.entry("eReader", DeviceType.TABLET),
            Map.entry("Robot", DeviceType.ROBOT),
            Map.entry("Robot Mobile", DeviceType.ROBOT),
            Map.entry("Robot Imitator", DeviceType.ROBOT),
            Map.entry("Spy", DeviceType.ROBOT),
            Map.entry("Hacker", DeviceType.ROBOT));

    private final CompletableFuture<UserAgentAnalyzer> analyzer;

    public ClientFactsReader() {
        this.analyzer = CompletableFuture.supplyAsync(ClientFactsReader::buildAnalyzer, runnable -> {
            Thread thread = new Thread(runnable, "user-agent-analyzer-init");
            thread.setDaemon(true);
            thread.start();
        });
        analyzer.whenComplete((ready, failure) -> {
            if (failure != null) {
                log.error("The user-agent analyzer could not be built: client facts cannot be read", failure);
            }
        });
    }

    /** The client facts of a request, once the analyzer is ready; does not block. */
    public Mono<ClientFacts> read(ServerHttpRequest request) {
        String ip = ip(request.getRemoteAddress());
        String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
        // A derived future: a cancelled request must not cancel the analyzer every request shares.
        return Mono.fromCompletionStage(analyzer.thenApply(ready -> facts(ready, ip, userAgent)));
    }

    /** The client facts of an address and a User-Agent header; blocks while the analyzer is still being built. */
    public ClientFacts read(@Nullable InetAddress address, @Nullable String userAgent) {
        return facts(analyzer.join(), address != null ? canonical(address.getHostAddress()) : ClientFacts.UNKNOWN,
                userAgent);
    }

    /**
     * The peer's address in its one spelling ({@link IpAddress}: IPv4 dotted, IPv6 in the RFC 5952 short form), so
     * that one address is one lockout key. Behind a trusted proxy ({@code server.forward-headers-strategy=framework})
     * the address comes from {@code X-Forwarded-For} as an unresolved literal: it is parsed, never looked up.
     */
    static String ip(@Nullable InetSocketAddress remote) {
        if (remote == null) {
            return ClientFacts.UNKNOWN;
        }
        return canonical(remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
    }

    private static String canonical(String literal) {
        try {
            return IpAddress.of(literal).value();
        } catch (IllegalArgumentException notAnAddress) {
            return ClientFacts.UNKNOWN;
        }
    }

    private static ClientFacts facts(UserAgentAnalyzer analyzer, String ip, @Nullable String userAgent) {
        if (!StringUtils.hasText(userAgent)) {
            return ClientFacts.unknown(ip);
        }
        String sent = truncate(userAgent);
        UserAgent parsed = analyzer.parse(sent);
        return new ClientFacts(ip, sent, value(parsed, UserAgent.OPERATING_SYSTEM_NAME),
                value(parsed, UserAgent.AGENT_NAME),
                DEVICE_TYPES.getOrDefault(parsed.getValue(UserAgent.DEVICE_CLASS), DeviceType.UNKNOWN));
    }

    private static String value(UserAgent parsed, String field) {
        String value = parsed.getValue(field);
        return value == null || UNKNOWN_VALUES.contains(value) ? ClientFacts.UNKNOWN : value;
    }

    /** At most {@link ClientFacts#MAX_USER_AGENT} characters, never half a surrogate pair. */
    static String truncate(String userAgent) {
        if (userAgent.length() <= ClientFacts.MAX_USER_AGENT) {
            return userAgent;
        }
        int end = ClientFacts.MAX_USER_AGENT;
        if (Character.isHighSurrogate(userAgent.charAt(end - 1))) {
            end--;
        }
        return userAgent.substring(0, end);
    }


    private static UserAgentAnalyzer buildAnalyzer() {
        long started = System.nanoTime();
        UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withField(UserAgent.DEVICE_CLASS)
                .withField(UserAgent.OPERATING_SYSTEM_NAME)
                .withField(UserAgent.AGENT_NAME)
                .dropTests()
                .withCache(CACHE_SIZE)
                .immediateInitialization()
                .build();
        log.info("User-agent analyzer ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        return analyzer;
    }
}

package dev.phishnet.commandapi.threatintel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IndicatorNormalizerTest {

    @ParameterizedTest(name = "domain \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Example.COM|example.com",
            "  login.Example.com  |login.example.com",
            "example.com.|example.com",
            "example.com..|example.com",
            "bücher.example|xn--bcher-kva.example",
            "BÜCHER.example|xn--bcher-kva.example",
            "xn--bcher-kva.example|xn--bcher-kva.example",
            "a-b.c-d.example|a-b.c-d.example"})
    void normalizesDomains(String raw, String normalized) {
        assertThat(IndicatorNormalizer.domain(raw)).isEqualTo(normalized);
        assertThat(IndicatorNormalizer.normalize(IndicatorType.DOMAIN, raw)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "domain \"{0}\" is refused")
    @ValueSource(strings = {"", "   ", "localhost", "exa mple.com", "-example.com", "example-.com", "a..example.com",
            "under_score.example.com", "192.0.2.1", "example.123", "https://example.com", "ada@example.com",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"})
    void refusesWhatIsNoDomainNamingTheField(String raw) {
        assertThatThrownBy(() -> IndicatorNormalizer.domain(raw))
                .isInstanceOfSatisfying(InvalidIndicatorException.class, invalid -> {
                    assertThat(invalid.field()).isEqualTo("indicator");
                    assertThat(invalid.at("sender").field()).isEqualTo("sender");
                    assertThat(invalid.at("sender").reason()).isEqualTo(invalid.reason());
                });
    }

    @ParameterizedTest(name = "email \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            " Ada.Lovelace@Example.COM |ada.lovelace@example.com",
            "ada+tag@example.com.|ada+tag@example.com",
            "ada@bücher.example|ada@xn--bcher-kva.example"})
    void normalizesEmails(String raw, String normalized) {
        assertThat(IndicatorNormalizer.email(raw)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "email \"{0}\" is refused")
    @ValueSource(strings = {"ada", "@example.com", "ada@", "ada@localhost", "a da@example.com", "ada@@example.com",
            "Ada <ada@example.com>"})
    void refusesWhatIsNoEmail(String raw) {
        assertThatThrownBy(() -> IndicatorNormalizer.email(raw)).isInstanceOf(InvalidIndicatorException.class);
    }

    @ParameterizedTest(name = "ip \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            " 192.0.2.1 |192.0.2.1",
            "2001:0DB8:0000:0000:0000:0000:0000:0001|2001:db8::1",
            "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
            "0:0:0:0:0:0:0:1|::1",
            "::ffff:192.0.2.1|192.0.2.1"})
    void normalizesIpAddresses(String raw, String normalized) {
        assertThat(IndicatorNormalizer.ip(raw)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "ip \"{0}\" is refused")
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "010.0.0.1", "example.com", "1::2::3", "12345::1"})
    void refusesWhatIsNoIpAddressWithoutLookingItUp(String raw) {
        assertThatThrownBy(() -> IndicatorNormalizer.ip(raw)).isInstanceOf(InvalidIndicatorException.class);
    }

    @ParameterizedTest(name = "url \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "HTTP://Example.COM|http://example.com/",
            "https://example.com.:443/login|https://example.com/login",
            "http://example.com:80/a|http://example.com/a",
            "http://example.com:8080/a|http://example.com:8080/a",
            "https://example.com:0443/a|https://example.com/a",
            "https://example.com/login#top|https://example.com/login",
            "https://example.com/a%2fb?q=%7e%41%3d|https://example.com/a%2Fb?q=~A%3D",
            "https://example.com/a b|https://example.com/a%20b",
            "https://example.com/ä|https://example.com/%C3%A4",
            "https://example.com/100%|https://example.com/100%25",
            "https://example.com/Path?Query=Kept|https://example.com/Path?Query=Kept",
            "https://example.com/?|https://example.com/",
            "https://bücher.example/|https://xn--bcher-kva.example/",
            "http://[2001:DB8::0:1]:80/x|http://[2001:db8::1]/x",
            "http://192.0.2.1:8080|http://192.0.2.1:8080/",
            "https://user@example.com/|https://user@example.com/",
            "http://intranet/|http://intranet/"})
    void canonicalizesUrls(String raw, String canonical) {
        assertThat(IndicatorNormalizer.url(raw).value()).isEqualTo(canonical);
        assertThat(IndicatorNormalizer.normalize(IndicatorType.URL, raw)).isEqualTo(canonical);
    }

    @Test
    void aUrlsHostIsItsDomainOrItsAddress() {
        assertThat(IndicatorNormalizer.url("https://Login.Example.com./x")).isEqualTo(
                new CanonicalUrl("https://login.example.com/x", "login.example.com", false));
        assertThat(IndicatorNormalizer.url("http://[2001:db8::1]/")).isEqualTo(
                new CanonicalUrl("http://[2001:db8::1]/", "2001:db8::1", true));
        assertThat(IndicatorNormalizer.url("http://192.0.2.1/")).isEqualTo(
                new CanonicalUrl("http://192.0.2.1/", "192.0.2.1", true));
    }

    @ParameterizedTest(name = "url \"{0}\" is refused")
    @ValueSource(strings = {"example.com/login", "mailto:ada@example.com", "https://", "https:///path",
            "https://exa mple.com/", "https://example.com:99999/", "https://example.com:port/", "http://[192.0.2.1]/",
            "http://[2001:db8::1/", "http://256.0.0.1/", "1http://example.com/"})
    void refusesWhatIsNoAbsoluteUrl(String raw) {
        assertThatThrownBy(() -> IndicatorNormalizer.url(raw)).isInstanceOf(InvalidIndicatorException.class);
    }

    @Test
    void sha256IsSixtyFourHexDigitsInLowerCase() {
        String digest = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assertThat(IndicatorNormalizer.sha256(" " + digest + " ")).isEqualTo(digest.toLowerCase());
        assertThatThrownBy(() -> IndicatorNormalizer.sha256(digest.substring(1)))
                .isInstanceOf(InvalidIndicatorException.class);
        assertThatThrownBy(() -> IndicatorNormalizer.sha256(digest.substring(1) + "g"))
                .isInstanceOf(InvalidIndicatorException.class);
    }
}

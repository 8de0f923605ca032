package dev.phishnet.commandapi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.user.TenantId;
import org.junit.jupiter.api.Test;

class MatchCandidatesTest {

    static final TenantId ACME = TenantId.of("acme");

    @Test
    void theSenderIsLookedUpByAddressAndByDomainDownToTwoLabels() {
        List<Lookup> lookups = MatchCandidates.of(ACME, " Ada@Mail.Corp.Example.COM ", List.of());

        assertThat(lookups).extracting(Lookup::type, Lookup::indicator, Lookup::candidates).containsExactly(
                tuple(IndicatorType.EMAIL, "ada@mail.corp.example.com",
                        List.of(new MatchCandidate(MatchedField.SENDER_ADDRESS, "ada@mail.corp.example.com"))),
                tuple(IndicatorType.DOMAIN, "mail.corp.example.com",
                        List.of(new MatchCandidate(MatchedField.SENDER_DOMAIN, "mail.corp.example.com"))),
                tuple(IndicatorType.DOMAIN, "corp.example.com",
                        List.of(new MatchCandidate(MatchedField.SENDER_DOMAIN, "mail.corp.example.com"))),
                tuple(IndicatorType.DOMAIN, "example.com",
                        List.of(new MatchCandidate(MatchedField.SENDER_DOMAIN, "mail.corp.example.com"))));
        assertThat(lookups.get(0).indicatorId())
                .isEqualTo(IndicatorId.of(ACME, IndicatorType.EMAIL, "ada@mail.corp.example.com"));
    }

    @Test
    void eachUrlIsLookedUpCanonicalAndByItsHost() {
        List<Lookup> lookups = MatchCandidates.of(ACME, "ada@example.org", List.of(
                "HTTPS://Login.Evil.Example:443/a#frag", "http://192.0.2.7:8080/x"));

        String url = "https://login.evil.example/a";
        assertThat(lookups).extracting(Lookup::type, Lookup::indicator, Lookup::candidates).contains(
                tuple(IndicatorType.URL, url, List.of(new MatchCandidate(MatchedField.URL, url))),
                tuple(IndicatorType.DOMAIN, "login.evil.example",
                        List.of(new MatchCandidate(MatchedField.URL_DOMAIN, url))),
                tuple(IndicatorType.DOMAIN, "evil.example",
                        List.of(new MatchCandidate(MatchedField.URL_DOMAIN, url))),
                tuple(IndicatorType.URL, "http://192.0.2.7:8080/x",
                        List.of(new MatchCandidate(MatchedField.URL, "http://192.0.2.7:8080/x"))),
                tuple(IndicatorType.IP, "192.0.2.7",
                        List.of(new MatchCandidate(MatchedField.URL_HOST_IP, "http://192.0.2.7:8080/x"))));
        assertThat(lookups).extracting(Lookup::indicator).doesNotContain("example", "7.0.2.192");
    }

    @Test
    void aValueHeldByManyFieldsIsOneLookupCarryingThemAll() {
        List<Lookup> lookups = MatchCandidates.of(ACME, "ada@evil.example", List.of(
                "https://evil.example/a", "https://www.evil.example/b", "https://evil.example/a#other"));

        List<Lookup> domain = lookups.stream().filter(lookup -> lookup.indicator().equals("evil.example")).toList();
        assertThat(domain).singleElement().extracting(Lookup::candidates).isEqualTo(List.of(
                new MatchCandidate(MatchedField.SENDER_DOMAIN, "evil.example"),
                new MatchCandidate(MatchedField.URL_DOMAIN, "https://evil.example/a"),
                new MatchCandidate(MatchedField.URL_DOMAIN, "https://www.evil.example/b")));
        assertThat(lookups).extracting(Lookup::indicatorId).doesNotHaveDuplicates();
        assertThat(lookups.stream().filter(lookup -> lookup.type() == IndicatorType.URL)).hasSize(2);
    }

    @Test
    void tenantsLookUpDifferentIds() {
        Lookup acme = MatchCandidates.of(ACME, "ada@evil.example", List.of()).get(0);
        Lookup globex = MatchCandidates.of(TenantId.of("globex"), "ada@evil.example", List.of()).get(0);

        assertThat(acme.indicator()).isEqualTo(globex.indicator());
        assertThat(acme.indicatorId()).isNotEqualTo(globex.indicatorId());
    }

    @Test
    void aSingleLabelHostIsLookedUpByItsUrlOnly() {
        List<Lookup> lookups = MatchCandidates.of(ACME, "not an address", List.of("http://intranet/x"));

        assertThat(lookups).extracting(Lookup::type, Lookup::indicator)
                .containsExactly(tuple(IndicatorType.URL, "http://intranet/x"));
    }
}

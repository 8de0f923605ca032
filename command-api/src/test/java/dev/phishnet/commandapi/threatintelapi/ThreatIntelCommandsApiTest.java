package dev.phishnet.commandapi.threatintelapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.ApiSlice.RecordingGateway;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.ReportIndicator;
import dev.phishnet.schemas.threatintel.RetireIndicator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
class ThreatIntelCommandsApiTest {

    static final String REPORT = """
            {"indicator":"Login.Evil.Example.","indicatorType":"DOMAIN","threatType":"phishing",
             "threatLevel":"High","confidenceScore":0.8,"source":"feed-a","tags":["kit","kit","bank"]}""";

    @Autowired
    WebTestClient web;

    @Autowired
    RecordingGateway gateway;

    @BeforeEach
    void reset() {
        gateway.reset();
    }

    @Test
    void anAnalystReportsANewIndicator201KeyedByItsNormalizedValue() {
        String id = IndicatorId.of(TenantId.of("acme"), dev.phishnet.commandapi.threatintel.IndicatorType.DOMAIN,
                "login.evil.example").value();
        gateway.answer(accepted(1L, Map.of("created", "true")));

        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(REPORT).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/v1/threat-intel/" + id)
                .expectHeader().value("X-Consistency-Token",
                        token -> assertThat(decode(token)).isEqualTo("indicators:" + id + ":1"))
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.indicator").isEqualTo("login.evil.example")
                .jsonPath("$.indicatorType").isEqualTo("domain")
                .jsonPath("$.threatLevel").isEqualTo("high")
                .jsonPath("$.status").isEqualTo("active")
                .jsonPath("$.created").isEqualTo(true);

        RecordingGateway.Sent sent = gateway.sent().get(0);
        assertThat(sent.routingKey()).isEqualTo("intel:" + id);
        ReportIndicator payload = (ReportIndicator) sent.command().getPayload();
        assertThat(payload.getIndicator()).isEqualTo("login.evil.example");
        assertThat(payload.getIndicatorType()).isEqualTo(IndicatorType.DOMAIN);
        assertThat(payload.getThreatLevel()).isEqualTo(ThreatLevel.HIGH);
        assertThat(payload.getTags()).containsExactly("kit", "bank");
    }

    @Test
    void reportingAKnownIndicatorAgainIs200() {
        gateway.answer(accepted(4L, Map.of("created", "false")));

        web.mutateWith(as(Callers.admin("acme"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(REPORT).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(false).jsonPath("$.version").isEqualTo(4);
    }

    @Test
    void tenantsReportUnderDifferentIds() {
        gateway.answer(accepted(1L, Map.of("created", "true")));
        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(REPORT).exchange().expectStatus().isCreated();
        web.mutateWith(as(Callers.analyst("globex"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(REPORT).exchange().expectStatus().isCreated();

        assertThat(gateway.sent()).extracting(RecordingGateway.Sent::routingKey).doesNotHaveDuplicates();
    }

    @Test
    void aPlainUserMayNotReport() {
        web.mutateWith(as(Callers.user("acme"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(REPORT).exchange()
                .expectStatus().isForbidden();
        assertThat(gateway.sent()).isEmpty();
    }

    @ParameterizedTest(name = "{1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "indicator|\"indicator\":\"not a domain\"",
            "indicatorType|\"indicatorType\":\"hostname\"",
            "threatLevel|\"threatLevel\":\"dire\"",
            "confidenceScore|\"confidenceScore\":-0.1",
            "source|\"source\":\"\"",
            "tags[1]|\"tags\":[\"kit\",\"\"]",
            "severity|\"severity\":\"high\""})
    void anInvalidReportIs400NamingTheField(String field, String override) {
        String key = override.substring(1, override.indexOf('"', 1));
        String replaced = REPORT.replaceFirst("\"" + key + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|[0-9.]+)", override);
        String request = replaced.equals(REPORT) ? REPORT.replace("}", "," + override + "}") : replaced;

        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void aUrlIndicatorIsKeptInCanonicalForm() {
        gateway.answer(accepted(1L, Map.of("created", "true")));
        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/threat-intel")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(REPORT.replace("\"Login.Evil.Example.\"", "\"HTTPS://Evil.Example:443/a%7e#x\"")
                        .replace("DOMAIN", "url"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.indicator").isEqualTo("https://evil.example/a~");
    }

    @Test
    void retiringIs204AndAnUnknownOrRetiredIndicatorIsAProblem() {
        String id = IndicatorId.of(TenantId.of("acme"), dev.phishnet.commandapi.threatintel.IndicatorType.DOMAIN,
                "evil.example").value();

        web.mutateWith(as(Callers.analyst("acme"))).delete().uri("/api/v1/threat-intel/{id}", id).exchange()
                .expectStatus().isNoContent()
                .expectHeader().exists("X-Consistency-Token");
        assertThat(gateway.sent().get(0).routingKey()).isEqualTo("intel:" + id);
        assertThat(gateway.sent().get(0).command().getPayload()).isInstanceOf(RetireIndicator.class);

        gateway.answer(RecordingGateway.reject("ALREADY_RETIRED", "the indicator is already retired", null));
        web.mutateWith(as(Callers.analyst("acme"))).delete().uri("/api/v1/threat-intel/{id}", id).exchange()
                .expectStatus().isEqualTo(409);
        gateway.answer(RecordingGateway.reject("NOT_FOUND", "indicator not found", null));
        web.mutateWith(as(Callers.analyst("acme"))).delete().uri("/api/v1/threat-intel/{id}", id).exchange()
                .expectStatus().isNotFound();
        web.mutateWith(as(Callers.analyst("acme"))).delete().uri("/api/v1/threat-intel/not-an-id").exchange()
                .expectStatus().isNotFound();
        web.mutateWith(as(Callers.user("acme"))).delete().uri("/api/v1/threat-intel/{id}", id).exchange()
                .expectStatus().isForbidden();
    }

    private static Function<CommandEnvelope, Mono<CommandOutcome>> accepted(long version,
            Map<String, String> details) {
        return command -> Mono.just(CommandOutcome.newBuilder().setCommandId(command.getCommandId())
                .setCorrelationId(command.getCorrelationId()).setAggregateId(command.getAggregateId())
                .setDecidedAt(command.getIssuedAt()).setAccepted(true).setAggregateVersion(version)
                .setDetails(details).build());
    }

    private static String decode(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }
}

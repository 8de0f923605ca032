package dev.phishnet.commandapi.analysisapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.ApiSlice.RecordingGateway;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.analysis.CompleteAnalysis;
import dev.phishnet.schemas.analysis.RequestAnalysis;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.envelope.ActorKind;
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
class AnalysisCommandsApiTest {

    static final String ADA = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
    static final String BOB = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @Autowired
    WebTestClient web;

    @Autowired
    RecordingGateway gateway;

    final Caller ada = Callers.user(ADA, "acme");

    @BeforeEach
    void reset() {
        gateway.reset();
    }

    static String submission(String extra) {
        return """
                {"gmailMessageId":"msg-1","subject":"Your invoice","sender":"Bob@Evil.Example",
                 "recipient":"ada@acme.example","receivedAt":"2026-03-01T09:59:00Z",
                 "urls":["https://evil.example/login"]%s}""".formatted(extra);
    }

    @Test
    void aUserSubmitsTheirEmail201WithLocationTokenAndTheAnalysis() {
        String id = AnalysisId.of(TenantId.of("acme"), UserId.of(ADA), "msg-1").value();

        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(submission("")).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/v1/analyses/" + id)
                .expectHeader().value("X-Consistency-Token",
                        token -> assertThat(decode(token)).isEqualTo("analyses:" + id + ":1"))
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.status").isEqualTo("pending")
                .jsonPath("$.userId").isEqualTo(ADA)
                .jsonPath("$.sender").isEqualTo("Bob@Evil.Example")
                .jsonPath("$.urls[0]").isEqualTo("https://evil.example/login");

        RecordingGateway.Sent sent = gateway.sent().get(0);
        assertThat(sent.routingKey()).isEqualTo("analysis:" + id);
        assertThat(sent.command().getTenantId()).isEqualTo("acme");
        assertThat(sent.command().getAggregateId()).isEqualTo(id);
        RequestAnalysis payload = (RequestAnalysis) sent.command().getPayload();
        assertThat(payload.getUserId()).isEqualTo(ADA);
        assertThat(payload.getReceivedAt()).isEqualTo(Instant.parse("2026-03-01T09:59:00Z"));
    }

    @Test
    void aRepeatIsAnswered200WithTheExistingAnalysis() {
        gateway.answer(accepted(3L, Map.of("existing", "true", "status", "completed")));

        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(submission("")).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.LOCATION)
                .expectBody()
                .jsonPath("$.status").isEqualTo("completed")
                .jsonPath("$.version").isEqualTo(3)
                .jsonPath("$.gmailMessageId").isEqualTo("msg-1");
    }

    @Test
    void anotherUsersEmailTakesAnAdminOrAService() {
        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(submission(",\"userId\":\"" + BOB + "\"")).exchange()
                .expectStatus().isForbidden();
        assertThat(gateway.sent()).isEmpty();

        web.mutateWith(as(Callers.service("acme"))).post().uri("/api/v1/analyses")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(submission(",\"userId\":\"" + BOB + "\""))
                .exchange()
                .expectStatus().isCreated();
        CommandEnvelope command = gateway.sent().get(0).command();
        assertThat(((RequestAnalysis) command.getPayload()).getUserId()).isEqualTo(BOB);
        assertThat(command.getActor().getKind()).isEqualTo(ActorKind.SERVICE);
    }

    @Test
    void aServiceMustNameTheUser() {
        web.mutateWith(as(Callers.service("acme"))).post().uri("/api/v1/analyses")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(submission("")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("userId");
    }

    @ParameterizedTest(name = "{1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "sender|\"sender\":\"not-an-address\"",
            "recipient|\"recipient\":\"ada@localhost\"",
            "gmailMessageId|\"gmailMessageId\":\" \"",
            "receivedAt|\"receivedAt\":\"yesterday\"",
            "urls[1]|\"urls\":[\"https://ok.example/\",\"evil.example/no-scheme\"]",
            "userId|\"userId\":\"not-a-uuid\"",
            "colour|\"colour\":\"red\""})
    void anInvalidSubmissionIs400NamingTheField(String field, String override) {
        String body = """
                {"gmailMessageId":"msg-1","subject":"s","sender":"bob@evil.example",
                 "recipient":"ada@acme.example","receivedAt":"2026-03-01T09:59:00Z","urls":[]}""";
        String key = override.substring(1, override.indexOf('"', 1));
        String replaced = body.replaceFirst("\"" + key + "\":(\"[^\"]*\"|\\[[^\\]]*\\])", override);
        String request = replaced.equals(body) ? body.replace("}", "," + override + "}") : replaced;

        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void sizesAreBoundedSubjectUrlCountAndUrlLength() {
        String longUrl = "https://evil.example/" + "a".repeat(8 * 1024);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            urls.add("\"https://u" + i + ".example/\"");
        }
        String subject = "s".repeat(999);

        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(submission("").replace("\"Your invoice\"", "\"" + subject + "\"")
                        .replace("[\"https://evil.example/login\"]", "[\"" + longUrl + "\"]"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString())
                        .isEqualTo("[\"subject\",\"urls[0]\"]"));
        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(submission("").replace("[\"https://evil.example/login\"]", urls.toString()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("urls");
    }

    @Test
    void fiveHundredUrlsOfEightKibibytesFitTheBodyLimitOfThisEndpointAlone() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String head = "https://u" + i + ".example/";
            urls.add("\"" + head + "a".repeat(8 * 1024 - head.length()) + "\"");
        }

        web.mutateWith(as(ada)).post().uri("/api/v1/analyses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(submission("").replace("[\"https://evil.example/login\"]", urls.toString()))
                .exchange()
                .expectStatus().isCreated();
        assertThat(((RequestAnalysis) gateway.sent().get(0).command().getPayload()).getUrls()).hasSize(500);

        String reason = "x".repeat(70 * 1024);
        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/analyses/{id}/fail", BOB)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"" + reason + "\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("body");
    }

    @Test
    void anAnalystRecordsAResultWithLevelsInAnyCase() {
        String id = AnalysisId.of(TenantId.of("acme"), UserId.of(ADA), "msg-1").value();
        gateway.answer(accepted(3L, Map.of("status", "completed")));

        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/analyses/{id}/result", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"threatLevel":"HIGH","confidenceScore":0.92,"detectedThreats":["credential-phish"],
                         "analyzerVersion":"2.1"}""")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value("X-Consistency-Token",
                        token -> assertThat(decode(token)).isEqualTo("analyses:" + id + ":3"))
                .expectBody()
                .jsonPath("$.status").isEqualTo("completed")
                .jsonPath("$.threatLevel").isEqualTo("high")
                .jsonPath("$.confidenceScore").isEqualTo(0.92);

        RecordingGateway.Sent sent = gateway.sent().get(0);
        assertThat(sent.routingKey()).isEqualTo("analysis:" + id);
        assertThat(((CompleteAnalysis) sent.command().getPayload()).getThreatLevel()).isEqualTo(ThreatLevel.HIGH);
    }

    @Test
    void aPlainUserMayNotRecordAResult() {
        web.mutateWith(as(ada)).post().uri("/api/v1/analyses/{id}/result", BOB)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"threatLevel\":\"safe\",\"confidenceScore\":0.1,\"analyzerVersion\":\"1\"}")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void aSecondResultIs409() {
        gateway.answer(RecordingGateway.reject("ALREADY_FINAL", "the analysis already has its result or failure",
                null));

        web.mutateWith(as(Callers.service("acme"))).post().uri("/api/v1/analyses/{id}/fail", BOB)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"timeout\"}").exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ALREADY_FINAL");
    }

    @ParameterizedTest(name = "{1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "threatLevel|{\"threatLevel\":\"dire\",\"confidenceScore\":0.5,\"analyzerVersion\":\"1\"}",
            "confidenceScore|{\"threatLevel\":\"low\",\"confidenceScore\":1.5,\"analyzerVersion\":\"1\"}",
            "confidenceScore|{\"threatLevel\":\"low\",\"analyzerVersion\":\"1\"}",
            "analyzerVersion|{\"threatLevel\":\"low\",\"confidenceScore\":0.5}"})
    void anInvalidResultIs400NamingTheField(String field, String body) {
        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/analyses/{id}/result", BOB)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo(field);
    }

    @Test
    void aPathThatIsNoAnalysisIdIs404() {
        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/analyses/nope/fail")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"timeout\"}").exchange()
                .expectStatus().isNotFound();
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

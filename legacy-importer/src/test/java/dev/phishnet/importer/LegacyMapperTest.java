package dev.phishnet.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phishnet.schemas.analysis.ImportAnalysis;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.command.ImportAuditEntry;
import dev.phishnet.schemas.threatintel.ImportIndicator;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.user.ImportUser;
import org.junit.jupiter.api.Test;

class LegacyMapperTest {

    static final String BCRYPT = "$2b$12$KIXQJ1bq7Qm3Hk6nDqg7UuJ1YyHppx3bZb8m8fJ1cZb2x6qQz9m1S";
    static final ObjectMapper JSON = new ObjectMapper();
    final LegacyMapper mapper = new LegacyMapper("acme", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static String user() {
        return "{\"_id\":{\"$oid\":\"64f1c0ffee0000000000aaaa\"},\"username\":\"ada\",\"email\":\" Ada@Acme.example \","
                + "\"full_name\":\"Ada Lovelace\",\"hashed_password\":\"" + BCRYPT.replace("$", "\\u0024") + "\","
                + "\"is_active\":false,\"is_verified\":true,\"created_at\":{\"$date\":\"2023-03-01T10:00:00Z\"},"
                + "\"updated_at\":{\"$date\":{\"$numberLong\":\"1680000000000\"}},\"last_login\":null}";
    }

    @Test
    void aUserBecomesAnImportKeyedByItsNormalizedEmailWithAnIdOfTenantAndLegacyId() throws Exception {
        Mapped.Send send = (Mapped.Send) mapper.map(Export.USERS, json(user()));

        assertThat(send.key()).isEqualTo("email:ada@acme.example");
        assertThat(send.command().getAggregateId()).isEqualTo(LegacyIds.user("acme", "64f1c0ffee0000000000aaaa"));
        assertThat(send.command().getTenantId()).isEqualTo("acme");
        ImportUser imported = (ImportUser) send.command().getPayload();
        assertThat(imported.getPasswordHash()).isEqualTo(BCRYPT);
        assertThat(imported.getActive()).isFalse();
        assertThat(imported.getVerified()).isTrue();
        assertThat(imported.getCreatedAt()).isEqualTo(Instant.parse("2023-03-01T10:00:00Z"));
        assertThat(imported.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(1680000000000L));
        assertThat(imported.getLastLoginAt()).isNull();
    }

    @Test
    void theSameRecordGetsTheSameIdOnEveryRunAndAnotherTenantAnother() throws Exception {
        Mapped.Send first = (Mapped.Send) mapper.map(Export.USERS, json(user()));
        Mapped.Send second = (Mapped.Send) mapper.map(Export.USERS, json(user()));
        Mapped.Send otherTenant = (Mapped.Send) new LegacyMapper("globex", Clock.systemUTC())
                .map(Export.USERS, json(user()));

        assertThat(second.command().getAggregateId()).isEqualTo(first.command().getAggregateId());
        assertThat(second.command().getCorrelationId()).isNotEqualTo(first.command().getCorrelationId());
        assertThat(otherTenant.command().getAggregateId()).isNotEqualTo(first.command().getAggregateId());
    }

    @Test
    void aUserWithoutABcryptHashIsRejectedNamingTheField() throws Exception {
        Mapped mapped = mapper.map(Export.USERS, json(user().replace(BCRYPT.replace("$", "\\u0024"), "md5:abc")));
        assertThat(mapped).isEqualTo(new Mapped.Reject("hashed_password is not a bcrypt hash ($2a$, $2b$ or $2y$)"));
    }

    @Test
    void aUserWithoutEmailOrCreationDateIsRejected() throws Exception {
        assertThat(mapper.map(Export.USERS, json("{\"_id\":\"1\",\"hashed_password\":\"" + BCRYPT + "\"}")))
                .isEqualTo(new Mapped.Reject("email is missing"));
        assertThat(mapper.map(Export.USERS, json("{\"_id\":\"1\",\"email\":\"a@b.c\",\"hashed_password\":\""
                + BCRYPT + "\",\"created_at\":\"yesterday\"}")))
                .isEqualTo(new Mapped.Reject("created_at is not an ISO-8601 date: yesterday"));
    }

    @Test
    void sessionsAreSkippedWithAReason() throws Exception {
        assertThat(mapper.map(Export.PERSISTENT_SESSIONS, json("{\"_id\":\"s1\",\"user_id\":\"1\"}")))
                .isEqualTo(new Mapped.Skip(LegacyMapper.SESSION_SKIP_REASON));
    }

    @Test
    void anAnalysisGetsTheIdTheApiComputesForItsUserAndMessage() throws Exception {
        Mapped.Send send = (Mapped.Send) mapper.map(Export.EMAIL_ANALYSES, json("{\"_id\":{\"$oid\":\"a1\"},"
                + "\"user_id\":{\"$oid\":\"64f1c0ffee0000000000aaaa\"},\"gmail_message_id\":\"msg-1\","
                + "\"subject\":\"Invoice\",\"sender\":\"billing@evil.example\",\"recipient\":\"ada@acme.example\","
                + "\"received_at\":\"2023-04-01T08:00:00\",\"status\":\"COMPLETED\",\"threat_level\":\"high\","
                + "\"confidence_score\":0.9,\"analysis_results\":{\"links\":2},\"detected_threats\":[\"phishing\"],"
                + "\"analyzer_version\":\"1.2\",\"created_at\":{\"$date\":\"2023-04-01T08:00:05Z\"}}"));

        String userId = LegacyIds.user("acme", "64f1c0ffee0000000000aaaa");
        assertThat(send.command().getAggregateId()).isEqualTo(LegacyIds.analysis("acme", userId, "msg-1"));
        assertThat(send.key()).isEqualTo("analysis:" + send.command().getAggregateId());
        ImportAnalysis analysis = (ImportAnalysis) send.command().getPayload();
        assertThat(analysis.getUserId()).isEqualTo(userId);
        assertThat(analysis.getStatus()).isEqualTo("completed");
        assertThat(analysis.getThreatLevel()).isEqualTo(ThreatLevel.HIGH);
        assertThat(analysis.getReceivedAt()).isEqualTo(Instant.parse("2023-04-01T08:00:00Z"));
        assertThat(analysis.getAnalysisResults()).isEqualTo("{\"links\":2}");
    }

    @Test
    void analysisIdsFollowTheApisFormula() {
        // command-api AnalysisId.of(tenant, user, gmailMessageId): name-based UUID of "analysis|t|u|m".
        assertThat(LegacyIds.analysis("acme", "7d5c2f0e-3b1a-4c8e-9f2d-5a6b7c8d9e0f", "msg-1"))
                .isEqualTo(java.util.UUID.nameUUIDFromBytes(
                        "analysis|acme|7d5c2f0e-3b1a-4c8e-9f2d-5a6b7c8d9e0f|msg-1".getBytes()).toString());
        assertThat(LegacyIds.indicator("acme", "DOMAIN", "evil.example")).isEqualTo(
                java.util.UUID.nameUUIDFromBytes("indicator|acme|DOMAIN|evil.example".getBytes()).toString());
    }

    @Test
    void anAnalysisWithAnUnknownStatusIsRejected() throws Exception {
        assertThat(mapper.map(Export.EMAIL_ANALYSES, json("{\"user_id\":\"1\",\"gmail_message_id\":\"m\","
                + "\"sender\":\"a@b.c\",\"received_at\":\"2023-04-01T08:00:00Z\",\"status\":\"lost\"}")))
                .isEqualTo(new Mapped.Reject("status is not pending, completed or failed: lost"));
    }

    @Test
    void anIndicatorIsNormalizedAndKeyedByTheApisIndicatorId() throws Exception {
        Mapped.Send send = (Mapped.Send) mapper.map(Export.THREAT_INTELLIGENCE, json("{\"indicator\":\"Evil.Example.\","
                + "\"indicator_type\":\"domain\",\"threat_type\":\"phishing\",\"threat_level\":\"critical\","
                + "\"confidence_score\":0.8,\"source\":\"feed\",\"tags\":[\"bank\"],\"metadata\":{\"k\":1},"
                + "\"created_at\":\"2022-01-01T00:00:00Z\",\"updated_at\":\"2022-06-01T00:00:00Z\"}"));

        ImportIndicator indicator = (ImportIndicator) send.command().getPayload();
        assertThat(indicator.getIndicator()).isEqualTo("evil.example");
        assertThat(indicator.getIndicatorType()).isEqualTo(IndicatorType.DOMAIN);
        assertThat(send.command().getAggregateId()).isEqualTo(LegacyIds.indicator("acme", "DOMAIN", "evil.example"));
        assertThat(indicator.getMetadata()).isEqualTo("{\"k\":1}");
    }

    @Test
    void anIndicatorOfAnUnknownTypeIsRejected() throws Exception {
        assertThat(mapper.map(Export.THREAT_INTELLIGENCE, json("{\"indicator\":\"x\",\"indicator_type\":\"asn\","
                + "\"threat_level\":\"low\",\"created_at\":\"2022-01-01T00:00:00Z\"}")))
                .isEqualTo(new Mapped.Reject("indicator_type is not domain, url, ip, email or sha256: asn"));
    }

    @Test
    void anAuditEntryWithoutIdIsNamedByItsContentAndNamesTheImportedUser() throws Exception {
        String line = "{\"event_type\":\"auth\",\"action\":\"login\",\"user_id\":\"64f1c0ffee0000000000aaaa\","
                + "\"description\":\"ok\",\"ip_address\":\"10.0.0.1\",\"user_agent\":\"curl\","
                + "\"metadata\":{\"m\":true},\"timestamp\":{\"$date\":\"2023-05-01T12:00:00Z\"}}";
        Mapped.Send first = (Mapped.Send) mapper.map(Export.AUDIT_LOGS, json(line));
        Mapped.Send again = (Mapped.Send) mapper.map(Export.AUDIT_LOGS, json(line));

        assertThat(again.command().getAggregateId()).isEqualTo(first.command().getAggregateId());
        assertThat(first.key()).isEqualTo("legacy-audit:" + first.command().getAggregateId());
        ImportAuditEntry entry = (ImportAuditEntry) first.command().getPayload();
        assertThat(entry.getUserId()).isEqualTo(LegacyIds.user("acme", "64f1c0ffee0000000000aaaa"));
        assertThat(entry.getTimestamp()).isEqualTo(Instant.parse("2023-05-01T12:00:00Z"));
    }

    @Test
    void progressShowsCountsRateAndEta() {
        assertThat(Progress.line(50, 100, java.time.Duration.ofSeconds(5)))
                .contains(" 50% 50/100").contains("10 rec/s").contains("ETA 00:00:05");
    }
}

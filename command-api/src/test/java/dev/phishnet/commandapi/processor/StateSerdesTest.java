package dev.phishnet.commandapi.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.phishnet.commandapi.session.Client;
import dev.phishnet.commandapi.session.FailedAttempts;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.session.LoginMethod;
import dev.phishnet.commandapi.session.OneTimeCode;
import dev.phishnet.commandapi.session.SecretHash;
import dev.phishnet.commandapi.session.SecuritySettings;
import dev.phishnet.commandapi.session.Session;
import dev.phishnet.commandapi.session.SessionId;
import dev.phishnet.commandapi.session.UserSessions;
import dev.phishnet.commandapi.session.address.AddressFailures;

import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.PasswordHash;
import dev.phishnet.commandapi.user.Profile;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.User;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.user.claim.EmailClaim;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.Rejection;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StateSerdesTest {

    @Test
    void userSnapshotSurvivesTheRoundTripWithNullsAndAllRoles() {
        User user = new User(UserId.of("0b7a3a2e-57a4-4f5e-9a55-7d0c5b7b9f11"), TenantId.of("acme"),
                Email.of("ada@example.com"), "Ada Lovelace – ✓", null, Set.of(Role.ADMIN, Role.USER),
                new Profile("bio", null, "London", null, "en", null), PasswordHash.of("$argon2id$hash"), 3, false,
                7);

        assertThat(roundTrip(StateSerdes.users(), user)).isEqualTo(user);
    }

    @Test
    void claimSnapshotSurvivesTheRoundTripHeldAndFree() {
        EmailClaim held = new EmailClaim(UserId.of("0b7a3a2e-57a4-4f5e-9a55-7d0c5b7b9f11"), TenantId.of("acme"), 1);
        EmailClaim released = new EmailClaim(null, null, 2);

        assertThat(roundTrip(StateSerdes.emailClaims(), held)).isEqualTo(held);
        assertThat(roundTrip(StateSerdes.emailClaims(), released)).isEqualTo(released);
    }

    @Test
    void idempotencySnapshotSurvivesTheRoundTripPendingWithWaitersAndDecided() {
        Instant firstSeen = Instant.parse("2026-03-01T10:00:00.123Z");
        IdempotencyEntry pending = IdempotencyEntry.pending("fp", firstSeen).awaitedBy("c-1").awaitedBy("c-2");
        IdempotencyEntry accepted = pending.decided(new CommandOutcome("cmd", "c-0", "user-1", true, 4L, null,
                firstSeen, Map.of()));
        IdempotencyEntry rejected = pending.decided(new CommandOutcome("cmd", "c-0", "user-1", false, null,
                new Rejection("CONFLICT", "email already registered", null, null), firstSeen, Map.of()));

        assertThat(roundTrip(StateSerdes.idempotency(), pending)).isEqualTo(pending);
        assertThat(roundTrip(StateSerdes.idempotency(), pending).waiting()).containsExactly("c-1", "c-2");
        assertThat(roundTrip(StateSerdes.idempotency(), accepted)).isEqualTo(accepted);
        assertThat(roundTrip(StateSerdes.idempotency(), rejected)).isEqualTo(rejected);
    }

    @Test
    void idempotencySnapshotKeepsTheOutcomesDetailsAndRetryAfter() {
        Instant at = Instant.parse("2026-03-01T10:00:00.123Z");
        IdempotencyEntry started = IdempotencyEntry.pending("fp", at).decided(new CommandOutcome("cmd", "c-0",
                "user-1", true, 4L, null, at, Map.of("tenant", "acme", "roles", "ADMIN,USER")));
        IdempotencyEntry locked = IdempotencyEntry.pending("fp", at).decided(new CommandOutcome("cmd", "c-0",
                "user-1", false, null, new Rejection("LOCKED", "too many failed sign-ins", null, 42L), at, Map.of()));

        assertThat(roundTrip(StateSerdes.idempotency(), started)).isEqualTo(started);
        assertThat(roundTrip(StateSerdes.idempotency(), locked)).isEqualTo(locked);
    }

    @Test
    void idempotencySnapshotOfTheFirstFormatStillReads() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        string(out, "fp");
        out.writeLong(1_000L);
        out.writeInt(0);
        out.writeBoolean(true);
        string(out, "cmd");
        string(out, "c-0");
        string(out, "user-1");
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.writeBoolean(true);
        string(out, "CONFLICT");
        string(out, "email already registered");
        string(out, null);
        out.writeLong(2_000L);

        IdempotencyEntry entry = StateSerdes.idempotency().deserializer().deserialize("changelog", bytes.toByteArray());

        assertThat(entry).isEqualTo(IdempotencyEntry.pending("fp", Instant.ofEpochMilli(1_000L)).decided(
                new CommandOutcome("cmd", "c-0", "user-1", false, null,
                        new Rejection("CONFLICT", "email already registered", null, null),
                        Instant.ofEpochMilli(2_000L), Map.of())));
    }

    @Test
    void sessionsSnapshotSurvivesTheRoundTripWithEveryPart() {
        Instant at = Instant.parse("2026-03-01T10:00:00.123Z");
        Client laptop = new Client(IpAddress.of("203.0.113.7"), "Mozilla/5.0 – ✓", "Mac OS X", "Chrome", "Desktop");
        Client curl = new Client(IpAddress.of("2001:db8::7"), null, "Unknown", "curl", "Unknown");
        Session refreshed = new Session(SessionId.of("s-1"), LoginMethod.PASSWORD, at, SecretHash.of("h-3"),
                List.of(SecretHash.of("h-1"), SecretHash.of("h-2")), laptop, laptop.device(), at.plusSeconds(1800),
                at.plusSeconds(86_400), at.plusSeconds(60));
        Session fresh = new Session(SessionId.of("s-2"), LoginMethod.ONE_TIME_CODE, at, SecretHash.of("h-9"),
                List.of(), curl, curl.device(), at.plusSeconds(60), at.plusSeconds(120), at);
        UserSessions state = new UserSessions(
                new SecuritySettings(3, 15, null, List.of("10.0.0.0/8", "2001:db8::/32"), false),
                List.of(refreshed, fresh),
                List.of(new dev.phishnet.commandapi.session.EndedSession(SessionId.of("s-0"), at),
                        new dev.phishnet.commandapi.session.EndedSession(SessionId.of("s-00"), null)),
                List.of(laptop.device(), curl.device()),
                List.of(laptop.ip(), curl.ip()),
                new FailedAttempts(List.of(at.minusSeconds(5), at), 2, at.plusSeconds(120)),
                List.of(new OneTimeCode(SecretHash.of("code-1"), at, at.plusSeconds(300), true),
                        new OneTimeCode(SecretHash.of("code-2"), at, at.plusSeconds(300), false)),
                2, 17);

        assertThat(roundTrip(StateSerdes.userSessions(), state)).isEqualTo(state);
        assertThat(roundTrip(StateSerdes.userSessions(), UserSessions.NONE)).isEqualTo(UserSessions.NONE);
        UserSessions emptyAllowList = new UserSessions(new SecuritySettings(null, null, 8, List.of(), true),
                List.of(), List.of(), List.of(), List.of(), FailedAttempts.NONE, List.of(), 0, 1);
        assertThat(roundTrip(StateSerdes.userSessions(), emptyAllowList)).isEqualTo(emptyAllowList);
    }

    @Test
    void addressSnapshotSurvivesTheRoundTripLockedAndNot() {
        Instant at = Instant.parse("2026-03-01T10:00:00.123Z");
        AddressFailures counting = new AddressFailures(new FailedAttempts(List.of(at), 0, null), 1);
        AddressFailures locked = new AddressFailures(new FailedAttempts(List.of(), 3, at.plusSeconds(240)), 9);

        assertThat(roundTrip(StateSerdes.addressFailures(), counting)).isEqualTo(counting);
        assertThat(roundTrip(StateSerdes.addressFailures(), locked)).isEqualTo(locked);
    }

    @Test
    void pendingKeyKeepsOnlyItsNewestWaiters() {
        IdempotencyEntry entry = IdempotencyEntry.pending("fp", Instant.EPOCH);
        for (int i = 0; i <= IdempotencyEntry.MAX_WAITING; i++) {
            entry = entry.awaitedBy("c-" + i);
        }

        assertThat(entry.waiting()).hasSize(IdempotencyEntry.MAX_WAITING).doesNotContain("c-0")
                .endsWith("c-" + IdempotencyEntry.MAX_WAITING);
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("changelog", serde.serializer().serialize("changelog", value));
    }

    @Test
    void analysisSnapshotSurvivesTheRoundTripWithPendingLookupsAndMatches() {
        dev.phishnet.commandapi.user.TenantId tenant = dev.phishnet.commandapi.user.TenantId.of("acme");
        dev.phishnet.commandapi.threatintel.IndicatorId indicatorId = dev.phishnet.commandapi.threatintel.IndicatorId
                .of(tenant, dev.phishnet.commandapi.threatintel.IndicatorType.DOMAIN, "evil.example");
        var userId = dev.phishnet.commandapi.user.UserId.of("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b");
        var analysis = new dev.phishnet.commandapi.analysis.Analysis(
                dev.phishnet.commandapi.analysis.AnalysisId.of(tenant, userId, "msg-1"), tenant, userId, "msg-1",
                java.time.Instant.parse("2026-03-01T10:00:00.123Z"),
                dev.phishnet.commandapi.analysis.AnalysisStatus.COMPLETED, java.util.List.of(indicatorId), 3,
                java.util.List.of(new dev.phishnet.commandapi.analysis.IndicatorMatch(
                        dev.phishnet.commandapi.analysis.MatchedField.URL_DOMAIN, "https://evil.example/", indicatorId,
                        "evil.example", dev.phishnet.commandapi.threatintel.IndicatorType.DOMAIN, "phishing",
                        dev.phishnet.commandapi.analysis.ThreatLevel.HIGH, 0.75)),
                false, 2);

        assertThat(roundTrip(StateSerdes.analyses(), analysis)).isEqualTo(analysis);
    }

    @Test
    void indicatorSnapshotSurvivesTheRoundTripWithAndWithoutDescription() {
        var tenant = dev.phishnet.commandapi.user.TenantId.of("acme");
        var type = dev.phishnet.commandapi.threatintel.IndicatorType.URL;
        var indicator = new dev.phishnet.commandapi.threatintel.Indicator(
                dev.phishnet.commandapi.threatintel.IndicatorId.of(tenant, type, "https://evil.example/"), tenant,
                "https://evil.example/", type, "phishing", dev.phishnet.commandapi.analysis.ThreatLevel.CRITICAL, 0.5,
                java.util.List.of("feed-a", "feed-b"), java.util.List.of("kit"), null,
                java.time.Instant.parse("2026-03-01T10:00:00Z"), java.time.Instant.parse("2026-03-02T10:00:00Z"), 2,
                false, 3);

        assertThat(roundTrip(StateSerdes.indicators(), indicator)).isEqualTo(indicator);
    }
}

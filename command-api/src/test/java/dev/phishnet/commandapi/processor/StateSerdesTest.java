package dev.phishnet.commandapi.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

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
    void pendingKeyKeepsOnlyItsNewestWaiters() {
        IdempotencyEntry entry = IdempotencyEntry.pending("fp", Instant.EPOCH);
        for (int i = 0; i <= IdempotencyEntry.MAX_WAITING; i++) {
            entry = entry.awaitedBy("c-" + i);
        }

        assertThat(entry.waiting()).hasSize(IdempotencyEntry.MAX_WAITING).doesNotContain("c-0")
                .endsWith("c-" + IdempotencyEntry.MAX_WAITING);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("changelog", serde.serializer().serialize("changelog", value));
    }
}

package dev.phishnet.cleanup.session;

import static dev.phishnet.cleanup.testing.SessionEvents.TENANT;
import static dev.phishnet.cleanup.testing.SessionEvents.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.session.ExpireSession;
import org.junit.jupiter.api.Test;

class ExpiryCommandsTest {

    private static final Instant IDLE = Instant.parse("2026-03-01T10:30:00Z");
    private static final Instant ABSOLUTE = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant NOW = IDLE.plusMillis(120);
    private static final TrackedSession SESSION = new TrackedSession(USER, TENANT, IDLE, ABSOLUTE);

    @Test
    void expiresTheSessionAtItsDeadlineOnTheUsersPartitionAsTheSystem() {
        CommandEnvelope command = ExpiryCommands.expireSession("s1", SESSION, NOW);

        assertThat(ExpiryCommands.routingKey(SESSION)).isEqualTo("user:" + USER);
        assertThat(command.getPayload()).isEqualTo(new ExpireSession("s1", IDLE));
        assertThat(command.getAggregateId()).isEqualTo(USER);
        assertThat(command.getTenantId()).isEqualTo(TENANT);
        assertThat(command.getIssuedAt()).isEqualTo(NOW);
        assertThat(command.getActor().getId()).isEqualTo("cleanup-worker");
        assertThat(command.getActor().getKind()).isEqualTo(ActorKind.SYSTEM);
        assertThat(command.getCorrelationId()).isEqualTo(command.getCommandId());
        assertThat(command.getIdempotencyKey()).isNull();
    }

    @Test
    void theSameDeadlineGivesTheSameCommandIdAndAMovedOneANewId() {
        String first = ExpiryCommands.expireSession("s1", SESSION, NOW).getCommandId();

        assertThat(ExpiryCommands.expireSession("s1", SESSION, NOW.plusSeconds(5)).getCommandId()).isEqualTo(first);
        assertThat(ExpiryCommands.expireSession("s1", SESSION.refreshedUntil(IDLE.plusSeconds(60)), NOW)
                .getCommandId()).isNotEqualTo(first);
        assertThat(ExpiryCommands.expireSession("s2", SESSION, NOW).getCommandId()).isNotEqualTo(first);
    }
}

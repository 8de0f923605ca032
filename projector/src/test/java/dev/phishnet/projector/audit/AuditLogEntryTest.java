package dev.phishnet.projector.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Map;

import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.audit.AuditOutcome;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class AuditLogEntryTest {

    @Test
    void aRejectionKeepsItsReasonActorAndDetailsUnderTheEventId() {
        AuditLogEntry entry = AuditLogEntry.of(Events.audit("evt-1", "user.register", AuditOutcome.REJECTED));

        assertThat(entry.eventId()).isEqualTo("evt-1");
        assertThat(entry.outcome()).isEqualTo("REJECTED");
        assertThat(entry.reason()).isEqualTo("CONFLICT: email already registered");
        assertThat(entry.actorId()).isEqualTo("user-1");
        assertThat(entry.actorKind()).isEqualTo("USER");
        assertThat(entry.details()).isEqualTo(Map.of("field", "email"));
    }

    @Test
    void theDocumentIsKeyedByEventIdWithADateToSortBy() {
        Document document = AuditLogEntry.of(Events.audit("evt-1", "user.register", AuditOutcome.ACCEPTED))
                .toDocument();

        assertThat(document.getString("_id")).isEqualTo("evt-1");
        assertThat(document.get("occurredAt")).isEqualTo(Date.from(Events.T0));
        assertThat(document.getString("tenantId")).isEqualTo("tenant-a");
        assertThat(document.getString("correlationId")).isEqualTo("corr-1");
        assertThat(document.get("reason")).isNull();
    }
}

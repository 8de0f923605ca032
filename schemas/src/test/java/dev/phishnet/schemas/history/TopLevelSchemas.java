package dev.phishnet.schemas.history;

import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import dev.phishnet.schemas.user.UserEvent;
import java.util.List;
import org.apache.avro.Schema;

/** The value schema of every topic: the schemas that get registered, and so the ones whose history is kept. */
public final class TopLevelSchemas {

    private TopLevelSchemas() {
    }

    public static List<Schema> all() {
        return List.of(UserEvent.getClassSchema(), SessionEvent.getClassSchema(), CommandEnvelope.getClassSchema(), CommandOutcome.getClassSchema(),
                AuditEvent.getClassSchema(), AnalysisEvent.getClassSchema(), ThreatIntelEvent.getClassSchema());
    }
}

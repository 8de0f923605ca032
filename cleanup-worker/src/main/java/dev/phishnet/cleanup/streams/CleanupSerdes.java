package dev.phishnet.cleanup.streams;

import java.util.Map;

import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the worker's topics; keys are plain strings. */
public record CleanupSerdes(Serde<SessionEvent> sessionEvents, Serde<AnalysisEvent> analysisEvents,
        Serde<ThreatIntelEvent> threatIntelEvents, Serde<AuditEvent> auditEvents, Serde<CommandEnvelope> commands) {

    /** Our Avro serdes in the Confluent wire format, configured with {@code schema.registry.url} and friends. */
    public static CleanupSerdes avro(Map<String, ?> serdeConfig) {
        return new CleanupSerdes(AvroSerdes.specific(SessionEvent.class, serdeConfig, false),
                AvroSerdes.specific(AnalysisEvent.class, serdeConfig, false),
                AvroSerdes.specific(ThreatIntelEvent.class, serdeConfig, false),
                AvroSerdes.specific(AuditEvent.class, serdeConfig, false),
                AvroSerdes.specific(CommandEnvelope.class, serdeConfig, false));
    }
}

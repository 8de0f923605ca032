package dev.phishnet.commandapi.processor;

import java.util.Map;

import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import dev.phishnet.schemas.user.UserEvent;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the processor's topics; keys are plain strings. */
public record CommandProcessorSerdes(
        Serde<CommandEnvelope> commands,
        Serde<CommandOutcome> replies,
        Serde<UserEvent> userEvents,
        Serde<SessionEvent> sessionEvents,
        Serde<AnalysisEvent> analysisEvents,
        Serde<ThreatIntelEvent> threatIntelEvents,
        Serde<AuditEvent> auditEvents) {

    /** Our Avro serdes in the Confluent wire format, configured with {@code schema.registry.url} and friends. */
    public static CommandProcessorSerdes avro(Map<String, ?> serdeConfig) {
        return new CommandProcessorSerdes(
                AvroSerdes.specific(CommandEnvelope.class, serdeConfig, false),
                AvroSerdes.specific(CommandOutcome.class, serdeConfig, false),
                AvroSerdes.specific(UserEvent.class, serdeConfig, false),
                AvroSerdes.specific(SessionEvent.class, serdeConfig, false),
                AvroSerdes.specific(AnalysisEvent.class, serdeConfig, false),
                AvroSerdes.specific(ThreatIntelEvent.class, serdeConfig, false),
                AvroSerdes.specific(AuditEvent.class, serdeConfig, false));
    }
}

package dev.phishnet.cleanup.streams;

import java.util.Map;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the worker's topics; keys are plain strings. */
public record CleanupSerdes(Serde<SessionEvent> sessionEvents, Serde<CommandEnvelope> commands) {

    /** Our Avro serdes in the Confluent wire format, configured with {@code schema.registry.url} and friends. */
    public static CleanupSerdes avro(Map<String, ?> serdeConfig) {
        return new CleanupSerdes(AvroSerdes.specific(SessionEvent.class, serdeConfig, false),
                AvroSerdes.specific(CommandEnvelope.class, serdeConfig, false));
    }
}

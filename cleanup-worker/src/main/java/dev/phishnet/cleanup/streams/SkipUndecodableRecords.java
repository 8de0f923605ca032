package dev.phishnet.cleanup.streams;

import java.util.Map;

import dev.phishnet.service.streams.StreamsApplication;
import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a record that cannot be decoded, and logs where it is: stopping on it would stop the expiry of every other
 * session of its partition, while skipping it costs at most one session's timely expiry. An unreachable registry is
 * no property of the record, though: that fails, and the {@code StreamsApplication} retries on a new thread rather than drop
 * the events it could not look the schema of up.
 */
public final class SkipUndecodableRecords implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SkipUndecodableRecords.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        if (StreamsApplication.causedBy(exception, SchemaRegistryUnreachableException.class)) {
            return Response.fail();
        }
        // The exception names the schema id, never the bytes: they may hold personal data.
        log.error("Skipping an undecodable record of {}-{} at offset {}", record.topic(), record.partition(),
                record.offset(), exception);
        return Response.resume();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}

package dev.phishnet.cleanup.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class SkipUndecodableRecordsTest {

    private static final ConsumerRecord<byte[], byte[]> RECORD =
            new ConsumerRecord<>("session-events", 2, 41L, new byte[0], new byte[] {9, 9});

    private final SkipUndecodableRecords handler = new SkipUndecodableRecords();

    @Test
    void aRecordThatCannotBeDecodedIsSkipped() {
        assertThat(handler.handleError(null, RECORD, new SerializationException("not Avro")).result())
                .isEqualTo(Result.RESUME);
    }

    @Test
    void anUnreachableRegistryFailsRatherThanDropTheRecord() {
        SchemaRegistryUnreachableException unreachable =
                new SchemaRegistryUnreachableException("no registry answered", new IOException("refused"));

        assertThat(handler.handleError(null, RECORD, unreachable).result()).isEqualTo(Result.FAIL);
    }
}

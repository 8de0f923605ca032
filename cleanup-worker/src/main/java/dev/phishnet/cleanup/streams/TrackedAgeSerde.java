package dev.phishnet.cleanup.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import dev.phishnet.cleanup.retention.TrackedAge;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** {@link TrackedAge}s in the local stores and their changelogs: a small binary format led by its version. */
final class TrackedAgeSerde {

    private static final byte FORMAT_1 = 1;

    private TrackedAgeSerde() {
    }

    static Serde<TrackedAge> create() {
        return Serdes.serdeFrom((topic, age) -> age == null ? null : write(age),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    private static byte[] write(TrackedAge age) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_1);
            out.writeUTF(age.tenantId());
            out.writeBoolean(age.ownerId() != null);
            if (age.ownerId() != null) {
                out.writeUTF(age.ownerId());
            }
            out.writeLong(age.at().toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static TrackedAge read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_1) {
                throw new SerializationException("Unknown tracked-age format " + format);
            }
            String tenantId = in.readUTF();
            String ownerId = in.readBoolean() ? in.readUTF() : null;
            return new TrackedAge(tenantId, ownerId, Instant.ofEpochMilli(in.readLong()));
        } catch (IOException e) {
            throw new SerializationException("Cannot read a tracked age", e);
        }
    }
}

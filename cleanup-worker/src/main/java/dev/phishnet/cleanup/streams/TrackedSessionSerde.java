package dev.phishnet.cleanup.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import dev.phishnet.cleanup.session.TrackedSession;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link TrackedSession}s in the local store and its changelog. A small binary format led by a format version rather
 * than Avro: the store is private to the worker, so it needs no registry, and a later format only has to read the
 * versions before it.
 */
final class TrackedSessionSerde {

    private static final byte FORMAT_1 = 1;

    private TrackedSessionSerde() {
    }

    static Serde<TrackedSession> create() {
        return Serdes.serdeFrom((topic, session) -> session == null ? null : write(session),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    private static byte[] write(TrackedSession session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_1);
            out.writeUTF(session.userId());
            out.writeUTF(session.tenantId());
            out.writeLong(session.idleExpiresAt().toEpochMilli());
            out.writeLong(session.absoluteExpiresAt().toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static TrackedSession read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_1) {
                throw new SerializationException("Unknown tracked-session format " + format);
            }
            return new TrackedSession(in.readUTF(), in.readUTF(), Instant.ofEpochMilli(in.readLong()),
                    Instant.ofEpochMilli(in.readLong()));
        } catch (IOException e) {
            throw new SerializationException("Cannot read a tracked session", e);
        }
    }
}

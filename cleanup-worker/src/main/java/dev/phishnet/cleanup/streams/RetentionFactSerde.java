package dev.phishnet.cleanup.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.phishnet.cleanup.retention.RetentionCategory;
import dev.phishnet.cleanup.retention.RetentionFact;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link RetentionFact}s on the worker's repartition topic, which only the worker reads: a small binary format led by
 * its version and the kind of fact. Categories are written by name, so that reordering the enum breaks nothing.
 */
final class RetentionFactSerde {

    private static final byte FORMAT_1 = 1;
    private static final byte AGED = 1;
    private static final byte FORGOTTEN = 2;
    private static final byte AUDIT_RECORDED = 3;

    private RetentionFactSerde() {
    }

    static Serde<RetentionFact> create() {
        return Serdes.serdeFrom((topic, fact) -> fact == null ? null : write(fact),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    private static byte[] write(RetentionFact fact) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_1);
            if (fact instanceof RetentionFact.Aged aged) {
                out.writeByte(AGED);
                out.writeUTF(aged.category().name());
                out.writeUTF(aged.id());
                out.writeUTF(aged.tenantId());
                out.writeBoolean(aged.ownerId() != null);
                if (aged.ownerId() != null) {
                    out.writeUTF(aged.ownerId());
                }
                out.writeLong(aged.at().toEpochMilli());
            } else if (fact instanceof RetentionFact.Forgotten forgotten) {
                out.writeByte(FORGOTTEN);
                out.writeUTF(forgotten.category().name());
                out.writeUTF(forgotten.tenantId());
                out.writeInt(forgotten.ids().size());
                for (String id : forgotten.ids()) {
                    out.writeUTF(id);
                }
            } else if (fact instanceof RetentionFact.AuditRecorded recorded) {
                out.writeByte(AUDIT_RECORDED);
                out.writeUTF(recorded.tenantId());
                out.writeLong(recorded.day().toEpochDay());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static RetentionFact read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_1) {
                throw new SerializationException("Unknown retention-fact format " + format);
            }
            byte kind = in.readByte();
            return switch (kind) {
                case AGED -> new RetentionFact.Aged(RetentionCategory.valueOf(in.readUTF()), in.readUTF(),
                        in.readUTF(), in.readBoolean() ? in.readUTF() : null, Instant.ofEpochMilli(in.readLong()));
                case FORGOTTEN -> {
                    RetentionCategory category = RetentionCategory.valueOf(in.readUTF());
                    String tenantId = in.readUTF();
                    int count = in.readInt();
                    List<String> ids = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        ids.add(in.readUTF());
                    }
                    yield new RetentionFact.Forgotten(category, tenantId, ids);
                }
                case AUDIT_RECORDED -> new RetentionFact.AuditRecorded(in.readUTF(),
                        LocalDate.ofEpochDay(in.readLong()));
                default -> throw new SerializationException("Unknown retention-fact kind " + kind);
            };
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("Cannot read a retention fact", e);
        }
    }
}

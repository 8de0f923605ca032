package dev.phishnet.projector.parking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** A small binary form of {@link ParkedQueue} for the parking store and its changelog (version byte first). */
final class ParkedQueueSerde {

    private static final int VERSION = 1;

    private ParkedQueueSerde() {
    }

    static Serde<ParkedQueue> create() {
        Serializer<ParkedQueue> serializer = (topic, queue) -> queue == null ? null : write(queue);
        Deserializer<ParkedQueue> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] write(ParkedQueue queue) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(queue.records().size());
            for (ParkedRecord parked : queue.records()) {
                out.writeUTF(parked.id());
                out.writeUTF(parked.topic());
                out.writeInt(parked.partition());
                out.writeLong(parked.offset());
                out.writeLong(parked.timestamp());
                byte[] value = parked.value();
                out.writeInt(value == null ? -1 : value.length);
                if (value != null) {
                    out.write(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static ParkedQueue read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown parked queue version " + version);
            }
            int count = in.readInt();
            List<ParkedRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                String topic = in.readUTF();
                int partition = in.readInt();
                long offset = in.readLong();
                long timestamp = in.readLong();
                int length = in.readInt();
                byte[] value = length < 0 ? null : in.readNBytes(length);
                records.add(new ParkedRecord(id, topic, partition, offset, timestamp, value));
            }
            return new ParkedQueue(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.processor.StateSerdes.readAttempts;
import static dev.phishnet.commandapi.processor.StateSerdes.readString;
import static dev.phishnet.commandapi.processor.StateSerdes.writeAttempts;
import static dev.phishnet.commandapi.processor.StateSerdes.writeString;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.phishnet.commandapi.session.Client;
import dev.phishnet.commandapi.session.EndedSession;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.session.LoginMethod;
import dev.phishnet.commandapi.session.OneTimeCode;
import dev.phishnet.commandapi.session.SecretHash;
import dev.phishnet.commandapi.session.SecuritySettings;
import dev.phishnet.commandapi.session.Session;
import dev.phishnet.commandapi.session.SessionId;
import dev.phishnet.commandapi.session.UserSessions;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The snapshot format of a user's sessions ({@link UserSessions}), in the style of {@link StateSerdes}: led by a
 * format version, fields in declaration order, lists length-prefixed, instants as epoch milliseconds (the stages
 * decide on millisecond instants, so a snapshot restores exactly what was decided on).
 */
final class SessionSnapshots {

    private static final byte FORMAT_1 = 1;
    /** Format 2 keeps when each ended session ended (format 1 kept ids only: read as ended at a time not known). */
    private static final byte FORMAT_2 = 2;

    private SessionSnapshots() {}

    static void write(DataOutputStream out, UserSessions state) throws IOException {
        out.writeByte(FORMAT_2);
        writeSettings(out, state.settings());
        writeList(out, state.active(), SessionSnapshots::writeSession);
        writeList(out, state.ended(), (o, ended) -> {
            writeString(o, ended.id().value());
            StateSerdes.writeNullableInstant(o, ended.endedAt());
        });
        writeList(out, state.devices(), StateSerdes::writeString);
        writeList(out, state.addresses(), (o, ip) -> writeString(o, ip.value()));
        writeAttempts(out, state.attempts());
        writeList(out, state.codes(), SessionSnapshots::writeCode);
        out.writeInt(state.codeAttempts());
        out.writeLong(state.version());
    }

    static UserSessions read(DataInputStream in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT_1 && format != FORMAT_2) {
            throw new SerializationException("Unknown sessions snapshot format " + format);
        }
        return new UserSessions(
                readSettings(in),
                readList(in, SessionSnapshots::readSession),
                readList(in, i -> new EndedSession(SessionId.of(readString(i)),
                        format == FORMAT_2 ? StateSerdes.readNullableInstant(i) : null)),
                readList(in, StateSerdes::readString),
                readList(in, i -> IpAddress.of(readString(i))),
                readAttempts(in),
                readList(in, SessionSnapshots::readCode),
                in.readInt(),
                in.readLong());
    }

    private static void writeSettings(DataOutputStream out, SecuritySettings settings) throws IOException {
        writeNullableInt(out, settings.maxSessions());
        writeNullableInt(out, settings.idleTimeoutMinutes());
        writeNullableInt(out, settings.absoluteTimeoutHours());
        out.writeBoolean(settings.ipAllowList() != null);
        if (settings.ipAllowList() != null) {
            writeList(out, settings.ipAllowList(), StateSerdes::writeString);
        }
        out.writeByte(settings.alertOnNewDevice() == null ? -1 : settings.alertOnNewDevice() ? 1 : 0);
    }

    private static SecuritySettings readSettings(DataInputStream in) throws IOException {
        Integer maxSessions = readNullableInt(in);
        Integer idle = readNullableInt(in);
        Integer absolute = readNullableInt(in);
        List<String> allowList = in.readBoolean() ? readList(in, StateSerdes::readString) : null;
        byte alert = in.readByte();
        return new SecuritySettings(maxSessions, idle, absolute, allowList, alert < 0 ? null : alert == 1);
    }

    private static void writeSession(DataOutputStream out, Session session) throws IOException {
        writeString(out, session.id().value());
        writeString(out, session.method().name());
        out.writeLong(session.startedAt().toEpochMilli());
        writeString(out, session.refreshTokenHash().value());
        writeList(out, session.rotatedOut(), (o, hash) -> writeString(o, hash.value()));
        writeClient(out, session.client());
        writeString(out, session.device());
        out.writeLong(session.idleExpiresAt().toEpochMilli());
        out.writeLong(session.absoluteExpiresAt().toEpochMilli());
        out.writeLong(session.lastSeenAt().toEpochMilli());
    }

    private static Session readSession(DataInputStream in) throws IOException {
        return new Session(
                SessionId.of(readString(in)),
                LoginMethod.valueOf(readString(in)),
                Instant.ofEpochMilli(in.readLong()),
                SecretHash.of(readString(in)),
                readList(in, i -> SecretHash.of(readString(i))),
                readClient(in),
                readString(in),
                Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()));
    }

    private static void writeClient(DataOutputStream out, Client client) throws IOException {
        writeString(out, client.ip().value());
        writeString(out, client.userAgent());
        writeString(out, client.os());
        writeString(out, client.browser());
        writeString(out, client.deviceType());
    }

    private static Client readClient(DataInputStream in) throws IOException {
        return new Client(IpAddress.of(readString(in)), readString(in), readString(in), readString(in),
                readString(in));
    }

    private static void writeCode(DataOutputStream out, OneTimeCode code) throws IOException {
        writeString(out, code.hash().value());
        out.writeLong(code.issuedAt().toEpochMilli());
        out.writeLong(code.expiresAt().toEpochMilli());
        out.writeBoolean(code.spent());
    }

    private static OneTimeCode readCode(DataInputStream in) throws IOException {
        return new OneTimeCode(SecretHash.of(readString(in)), Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()), in.readBoolean());
    }

    private static void writeNullableInt(DataOutputStream out, Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static Integer readNullableInt(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    private interface ItemWriter<T> {
        void write(DataOutputStream out, T item) throws IOException;
    }

    private static <T> void writeList(DataOutputStream out, List<T> items, ItemWriter<T> writer) throws IOException {
        out.writeInt(items.size());
        for (T item : items) {
            writer.write(out, item);
        }
    }

    private static <T> List<T> readList(DataInputStream in, StateSerdes.Reader<T> reader) throws IOException {
        int count = in.readInt();
        List<T> items = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            items.add(reader.read(in));
        }
        return items;
    }
}

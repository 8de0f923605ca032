package dev.phishnet.commandapi.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.PasswordHash;
import dev.phishnet.commandapi.user.Profile;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.User;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.user.claim.EmailClaim;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.Rejection;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the processor's state stores (and their changelogs). A small binary format led by a format version
 * rather than Avro: the snapshots are private to the processor, so they need no registry and no public schema, and
 * a later format only has to read the versions before it. The password hash is stored as it arrives: a hash.
 */
final class StateSerdes {

    private static final byte USER_FORMAT_1 = 1;
    private static final byte CLAIM_FORMAT_1 = 1;
    private static final byte IDEMPOTENCY_FORMAT_1 = 1;

    private StateSerdes() {}

    static Serde<User> users() {
        return Serdes.serdeFrom((topic, user) -> user == null ? null : write(out -> writeUser(out, user)),
                (topic, bytes) -> bytes == null ? null : read(bytes, StateSerdes::readUser));
    }

    static Serde<EmailClaim> emailClaims() {
        return Serdes.serdeFrom((topic, claim) -> claim == null ? null : write(out -> writeClaim(out, claim)),
                (topic, bytes) -> bytes == null ? null : read(bytes, StateSerdes::readClaim));
    }

    static Serde<IdempotencyEntry> idempotency() {
        return Serdes.serdeFrom((topic, entry) -> entry == null ? null : write(out -> writeIdempotency(out, entry)),
                (topic, bytes) -> bytes == null ? null : read(bytes, StateSerdes::readIdempotency));
    }

    private static void writeIdempotency(DataOutputStream out, IdempotencyEntry entry) throws IOException {
        out.writeByte(IDEMPOTENCY_FORMAT_1);
        writeString(out, entry.fingerprint());
        out.writeLong(entry.firstSeenAt().toEpochMilli());
        out.writeInt(entry.waiting().size());
        for (String correlationId : entry.waiting()) {
            writeString(out, correlationId);
        }
        CommandOutcome outcome = entry.outcome();
        out.writeBoolean(outcome != null);
        if (outcome != null) {
            writeString(out, outcome.getCommandId());
            writeString(out, outcome.getCorrelationId());
            writeString(out, outcome.getAggregateId());
            out.writeBoolean(outcome.getAccepted());
            out.writeBoolean(outcome.getAggregateVersion() != null);
            if (outcome.getAggregateVersion() != null) {
                out.writeLong(outcome.getAggregateVersion());
            }
            Rejection rejection = outcome.getRejection();
            out.writeBoolean(rejection != null);
            if (rejection != null) {
                writeString(out, rejection.getCode());
                writeString(out, rejection.getMessage());
                writeString(out, rejection.getField());
            }
            out.writeLong(outcome.getDecidedAt().toEpochMilli());
        }
    }

    private static IdempotencyEntry readIdempotency(DataInputStream in) throws IOException {
        requireFormat(in, IDEMPOTENCY_FORMAT_1, "idempotency");
        String fingerprint = readString(in);
        Instant firstSeenAt = Instant.ofEpochMilli(in.readLong());
        int waitingCount = in.readInt();
        List<String> waiting = new ArrayList<>(waitingCount);
        for (int i = 0; i < waitingCount; i++) {
            waiting.add(readString(in));
        }
        CommandOutcome outcome = null;
        if (in.readBoolean()) {
            CommandOutcome.Builder builder = CommandOutcome.newBuilder()
                    .setCommandId(readString(in))
                    .setCorrelationId(readString(in))
                    .setAggregateId(readString(in))
                    .setAccepted(in.readBoolean())
                    .setAggregateVersion(in.readBoolean() ? in.readLong() : null);
            builder.setRejection(in.readBoolean() ? new Rejection(readString(in), readString(in), readString(in), null) : null);
            outcome = builder.setDecidedAt(Instant.ofEpochMilli(in.readLong())).build();
        }
        return new IdempotencyEntry(fingerprint, outcome, waiting, firstSeenAt);
    }

    private static void writeUser(DataOutputStream out, User user) throws IOException {
        out.writeByte(USER_FORMAT_1);
        writeString(out, user.id().value());
        writeString(out, user.tenantId().value());
        writeString(out, user.email().value());
        writeString(out, user.fullName());
        writeString(out, user.mobile());
        out.writeInt(user.roles().size());
        for (Role role : user.roles()) {
            writeString(out, role.name());
        }
        Profile profile = user.profile();
        for (String field : new String[] {profile.bio(), profile.company(), profile.location(), profile.timezone(),
                profile.language(), profile.theme()}) {
            writeString(out, field);
        }
        writeString(out, user.passwordHash().value());
        out.writeInt(user.credentialVersion());
        out.writeBoolean(user.active());
        out.writeLong(user.version());
    }

    private static User readUser(DataInputStream in) throws IOException {
        requireFormat(in, USER_FORMAT_1, "user");
        UserId id = UserId.of(readString(in));
        TenantId tenant = TenantId.of(readString(in));
        Email email = Email.of(readString(in));
        String fullName = readString(in);
        String mobile = readString(in);
        int roleCount = in.readInt();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int i = 0; i < roleCount; i++) {
            roles.add(Role.valueOf(readString(in)));
        }
        Profile profile = new Profile(readString(in), readString(in), readString(in), readString(in),
                readString(in), readString(in));
        PasswordHash hash = PasswordHash.of(readString(in));
        return new User(id, tenant, email, fullName, mobile, roles, profile, hash, in.readInt(), in.readBoolean(),
                in.readLong());
    }

    private static void writeClaim(DataOutputStream out, EmailClaim claim) throws IOException {
        out.writeByte(CLAIM_FORMAT_1);
        writeString(out, claim.holder() == null ? null : claim.holder().value());
        writeString(out, claim.tenantId() == null ? null : claim.tenantId().value());
        out.writeLong(claim.version());
    }

    private static EmailClaim readClaim(DataInputStream in) throws IOException {
        requireFormat(in, CLAIM_FORMAT_1, "email claim");
        String holder = readString(in);
        String tenant = readString(in);
        return new EmailClaim(holder == null ? null : UserId.of(holder), tenant == null ? null : TenantId.of(tenant),
                in.readLong());
    }

    private static void requireFormat(DataInputStream in, byte expected, String what) throws IOException {
        byte format = in.readByte();
        if (format != expected) {
            throw new SerializationException("Unknown " + what + " snapshot format " + format);
        }
    }

    // Length-prefixed UTF-8, -1 for null: writeUTF would cap a field at 64 KiB of modified UTF-8.
    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read a state snapshot: " + e, e);
        }
    }
}

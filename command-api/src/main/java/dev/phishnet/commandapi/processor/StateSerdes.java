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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.phishnet.commandapi.analysis.Analysis;
import dev.phishnet.commandapi.session.FailedAttempts;
import dev.phishnet.commandapi.session.UserSessions;
import dev.phishnet.commandapi.session.address.AddressFailures;
import dev.phishnet.commandapi.threatintel.Indicator;
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
 * a later format only has to read the versions before it. The password hash is stored as it arrives: a hash; so are
 * refresh tokens and one-time codes, which the processor only ever sees hashed.
 */
final class StateSerdes {

    private static final byte USER_FORMAT_1 = 1;
    private static final byte CLAIM_FORMAT_1 = 1;
    private static final byte IDEMPOTENCY_FORMAT_1 = 1;
    /** Format 2 adds the outcome's details and the rejection's retry-after. */
    private static final byte IDEMPOTENCY_FORMAT_2 = 2;
    private static final byte ADDRESS_FORMAT_1 = 1;

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

    static Serde<UserSessions> userSessions() {
        return Serdes.serdeFrom(
                (topic, state) -> state == null ? null : write(out -> SessionSnapshots.write(out, state)),
                (topic, bytes) -> bytes == null ? null : read(bytes, SessionSnapshots::read));
    }

    static Serde<AddressFailures> addressFailures() {
        return Serdes.serdeFrom((topic, state) -> state == null ? null : write(out -> writeAddress(out, state)),
                (topic, bytes) -> bytes == null ? null : read(bytes, StateSerdes::readAddress));
    }

    static Serde<Analysis> analyses() {
        return Serdes.serdeFrom(
                (topic, state) -> state == null ? null : write(out -> AnalysisSnapshots.writeAnalysis(out, state)),
                (topic, bytes) -> bytes == null ? null : read(bytes, AnalysisSnapshots::readAnalysis));
    }

    static Serde<Indicator> indicators() {
        return Serdes.serdeFrom(
                (topic, state) -> state == null ? null : write(out -> AnalysisSnapshots.writeIndicator(out, state)),
                (topic, bytes) -> bytes == null ? null : read(bytes, AnalysisSnapshots::readIndicator));
    }

    private static void writeIdempotency(DataOutputStream out, IdempotencyEntry entry) throws IOException {
        out.writeByte(IDEMPOTENCY_FORMAT_2);
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
                writeNullableLong(out, rejection.getRetryAfterSeconds());
            }
            out.writeLong(outcome.getDecidedAt().toEpochMilli());
            Map<String, String> details = outcome.getDetails();
            out.writeInt(details.size());
            for (Map.Entry<String, String> detail : details.entrySet()) {
                writeString(out, detail.getKey());
                writeString(out, detail.getValue());
            }
        }
    }

    private static IdempotencyEntry readIdempotency(DataInputStream in) throws IOException {
        byte format = in.readByte();
        if (format != IDEMPOTENCY_FORMAT_1 && format != IDEMPOTENCY_FORMAT_2) {
            throw new SerializationException("Unknown idempotency snapshot format " + format);
        }
        boolean withDetails = format >= IDEMPOTENCY_FORMAT_2;
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
            builder.setRejection(in.readBoolean() ? new Rejection(readString(in), readString(in), readString(in),
                    withDetails ? readNullableLong(in) : null) : null);
            builder.setDecidedAt(Instant.ofEpochMilli(in.readLong()));
            Map<String, String> details = new HashMap<>();
            int detailCount = withDetails ? in.readInt() : 0;
            for (int i = 0; i < detailCount; i++) {
                details.put(readString(in), readString(in));
            }
            outcome = builder.setDetails(details).build();
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

    private static void writeAddress(DataOutputStream out, AddressFailures state) throws IOException {
        out.writeByte(ADDRESS_FORMAT_1);
        writeAttempts(out, state.attempts());
        out.writeLong(state.version());
    }

    private static AddressFailures readAddress(DataInputStream in) throws IOException {
        requireFormat(in, ADDRESS_FORMAT_1, "address failures");
        return new AddressFailures(readAttempts(in), in.readLong());
    }

    static void writeAttempts(DataOutputStream out, FailedAttempts attempts) throws IOException {
        out.writeInt(attempts.failures().size());
        for (Instant failure : attempts.failures()) {
            out.writeLong(failure.toEpochMilli());
        }
        out.writeInt(attempts.lockLevel());
        writeNullableInstant(out, attempts.lockedUntil());
    }

    static FailedAttempts readAttempts(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Instant> failures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            failures.add(Instant.ofEpochMilli(in.readLong()));
        }
        return new FailedAttempts(failures, in.readInt(), readNullableInstant(in));
    }

    static void writeNullableLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    static void writeNullableInstant(DataOutputStream out, Instant value) throws IOException {
        writeNullableLong(out, value == null ? null : value.toEpochMilli());
    }

    static Instant readNullableInstant(DataInputStream in) throws IOException {
        Long millis = readNullableLong(in);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static void requireFormat(DataInputStream in, byte expected, String what) throws IOException {
        byte format = in.readByte();
        if (format != expected) {
            throw new SerializationException("Unknown " + what + " snapshot format " + format);
        }
    }

    // Length-prefixed UTF-8, -1 for null: writeUTF would cap a field at 64 KiB of modified UTF-8.
    static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
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

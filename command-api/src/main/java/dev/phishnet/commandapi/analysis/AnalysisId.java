package dev.phishnet.commandapi.analysis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/**
 * Identity of an analysis: a name-based UUID of its tenant, user and Gmail message id, so that one message of one user
 * is one analysis however often it is submitted.
 */
public record AnalysisId(String value) {

    public AnalysisId {
        Objects.requireNonNull(value, "analysisId");
        value = UUID.fromString(value).toString();
    }

    public static AnalysisId of(String value) {
        return new AnalysisId(value);
    }

    public static AnalysisId of(TenantId tenant, UserId user, String gmailMessageId) {
        String name = "analysis|" + tenant.value() + "|" + user.value() + "|" + gmailMessageId;
        return new AnalysisId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.phishnet.commandapi.messages;

import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.schemas.analysis.RecordIndicatorLookup;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordIdempotentOutcome;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import dev.phishnet.schemas.command.RecordRetentionRun;
import dev.phishnet.schemas.threatintel.LookUpIndicator;
import dev.phishnet.schemas.session.RecordFailedLoginFromAddress;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.ReleaseEmail;

/**
 * Keys of the {@code commands} topic: they pick the partition, and so the single processor that decides the
 * aggregate. Built only from normalized values, so that two spellings of one address or id are one key.
 */
public final class RoutingKeys {

    public static final String USER_PREFIX = "user:";
    public static final String EMAIL_PREFIX = "email:";
    public static final String IDEMPOTENCY_PREFIX = "idem:";
    public static final String ADDRESS_PREFIX = "ip:";
    public static final String ANALYSIS_PREFIX = "analysis:";
    public static final String INDICATOR_PREFIX = "intel:";
    public static final String RETENTION_PREFIX = "retention:";
    public static final String PROJECTIONS_PREFIX = "projections:";
    /** An audit entry of the legacy store being imported: {@code legacy-audit:<entry id>}. */
    public static final String LEGACY_AUDIT_PREFIX = "legacy-audit:";
    /** The actor part of an idempotency key for a caller without a token (open registration). */
    public static final String ANONYMOUS = "anonymous";

    private RoutingKeys() {}

    /** {@code user:<canonical UUID>}: the key of every user command once its email is claimed. */
    public static String user(UserId userId) {
        return USER_PREFIX + userId.value();
    }

    /** {@code email:<normalized address>}: the key under which the HTTP layer publishes {@code RegisterUser}. */
    public static String email(Email email) {
        return EMAIL_PREFIX + email.value();
    }

    /**
     * {@code ip:<canonical address>}: the key of {@code RecordFailedLoginFromAddress}, so that every failure from one
     * address meets on one partition, whichever spelling of the address the client used.
     */
    public static String address(IpAddress address) {
        return ADDRESS_PREFIX + address.value();
    }

    /** {@code analysis:<id>}: an analysis's commands, one analysis per user and message. */
    public static String analysis(AnalysisId analysisId) {
        return ANALYSIS_PREFIX + analysisId.value();
    }

    /** {@code intel:<id>}: an indicator's commands; the id is derived from the tenant and the normalized indicator. */
    public static String indicator(IndicatorId indicatorId) {
        return INDICATOR_PREFIX + indicatorId.value();
    }

    /** {@code retention:<tenant>}: the cleanup worker's record of one retention run for one tenant. */
    public static String retention(TenantId tenantId) {
        return RETENTION_PREFIX + tenantId.value();
    }

    /** {@code projections:<tenant>}: an operator's action on the read models, audited for the operator's tenant. */
    public static String projections(TenantId tenantId) {
        return PROJECTIONS_PREFIX + tenantId.value();
    }

    /**
     * The aggregate key of a command as a caller issues it: {@code email:<normalized address>} for a registration
     * or a user import (its first hop claims the address), {@code ip:<address>} for a failed sign-in from an address,
     * {@code analysis:<id>} and {@code intel:<id>} for analysis and indicator commands (the envelope's aggregate id),
     * {@code retention:<tenant>} for a retention run, {@code projections:<tenant>} for an operator's action on the
     * read models, {@code user:<id>} for every other user or session command.
     *
     * @throws IllegalArgumentException if the envelope names no valid address or user id, or carries a command
     *     that only the processor issues
     */
    public static String aggregate(CommandEnvelope command) {
        Object payload = command.getPayload();
        if (payload instanceof RegisterUser register) {
            return email(Email.of(register.getEmail()));
        }
        if (payload instanceof dev.phishnet.schemas.user.ImportUser importUser) {
            return email(Email.of(importUser.getEmail()));
        }
        if (payload instanceof RecordFailedLoginFromAddress failed) {
            return address(IpAddress.of(failed.getIp()));
        }
        if (payload instanceof ReleaseEmail || payload instanceof RecordIdempotentOutcome
                || payload instanceof LookUpIndicator || payload instanceof RecordIndicatorLookup) {
            throw new IllegalArgumentException("issued by the command processor only: " + CommandActions.of(command));
        }
        if (AnalysisCommands.action(command) != null) {
            return analysis(AnalysisId.of(command.getAggregateId()));
        }
        if (IndicatorCommands.action(command) != null) {
            return indicator(IndicatorId.of(command.getAggregateId()));
        }
        if (payload instanceof RecordRetentionRun) {
            return retention(TenantId.of(command.getTenantId()));
        }
        if (payload instanceof RecordProjectionAdminAction) {
            return projections(TenantId.of(command.getTenantId()));
        }
        if (payload instanceof dev.phishnet.schemas.command.ImportAuditEntry) {
            return LEGACY_AUDIT_PREFIX + java.util.UUID.fromString(command.getAggregateId());
        }
        return user(UserId.of(command.getAggregateId()));
    }

    /**
     * {@code idem:<tenant>:<actor id or anonymous>:<key>}: where a command carrying an {@code Idempotency-Key} is
     * published, so that every repeat of the key meets its first use on one partition. Keys are scoped by tenant and
     * caller: another caller's key is another key. The tenant and actor are escaped ({@code %} and {@code :}) so that
     * no two scopes spell the same routing key.
     */
    public static String idempotency(String tenantId, String actorId, String idempotencyKey) {
        return IDEMPOTENCY_PREFIX + escape(tenantId) + ":" + (actorId == null ? ANONYMOUS : escape(actorId)) + ":"
                + idempotencyKey;
    }

    /** The idempotency routing key of a command that carries an idempotency key. */
    public static String idempotency(CommandEnvelope command) {
        return idempotency(command.getTenantId(), command.getActor() == null ? null : command.getActor().getId(),
                command.getIdempotencyKey());
    }

    private static String escape(String part) {
        return part.replace("%", "%25").replace(":", "%3A");
    }
}

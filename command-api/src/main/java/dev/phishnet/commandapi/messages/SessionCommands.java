package dev.phishnet.commandapi.messages;

import dev.phishnet.commandapi.session.Client;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.session.LoginMethod;
import dev.phishnet.commandapi.session.RevocationReason;
import dev.phishnet.commandapi.session.SecretHash;
import dev.phishnet.commandapi.session.SecuritySettings;
import dev.phishnet.commandapi.session.SessionCommand;
import dev.phishnet.commandapi.session.SessionId;
import dev.phishnet.commandapi.session.address.RecordFailedLoginFromAddress;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.session.ChangeSecuritySettings;
import dev.phishnet.schemas.session.ExpireSession;
import dev.phishnet.schemas.session.IssueOneTimeCode;
import dev.phishnet.schemas.session.LogOut;
import dev.phishnet.schemas.session.PurgeEndedSessions;
import dev.phishnet.schemas.session.RecordFailedLogin;
import dev.phishnet.schemas.session.RefreshSession;
import dev.phishnet.schemas.session.RevokeAllSessions;
import dev.phishnet.schemas.session.RevokeSession;
import dev.phishnet.schemas.session.StartSession;

/**
 * Session commands of the {@code commands} topic as domain commands, and their audit actions. As with
 * {@link UserCommands}, a malformed envelope fails here with an {@link IllegalArgumentException} or
 * {@link NullPointerException}, which the processor answers as an invalid command.
 */
public final class SessionCommands {

    public static final String LOGIN = "auth.login";
    public static final String ISSUE_CODE = "auth.otp.issue";
    public static final String REFRESH = "auth.refresh";
    public static final String LOGOUT = "auth.logout";
    public static final String REVOKE = "session.revoke";
    public static final String REVOKE_ALL = "session.revoke-all";
    public static final String EXPIRE = "session.expire";
    public static final String CHANGE_SETTINGS = "user.security.update";
    /** The cleanup worker forgetting ended sessions (never audited one by one: the retention run is). */
    public static final String PURGE_ENDED = "session.purge-ended";
    /** An address locked by failures the processor forwarded (no HTTP request of its own). */
    public static final String ADDRESS_LOCKOUT = "auth.address.lockout";

    private SessionCommands() {}

    /** Whether the envelope carries a command of a user's sessions (keyed {@code user:<id>}). */
    public static boolean isSessionCommand(CommandEnvelope command) {
        Object payload = command.getPayload();
        return payload instanceof StartSession || payload instanceof RecordFailedLogin
                || payload instanceof IssueOneTimeCode || payload instanceof RefreshSession
                || payload instanceof LogOut || payload instanceof RevokeSession
                || payload instanceof RevokeAllSessions || payload instanceof ExpireSession
                || payload instanceof ChangeSecuritySettings || payload instanceof PurgeEndedSessions;
    }

    /** The audit action of a session command, or null for any other payload. */
    public static String action(CommandEnvelope command) {
        Object payload = command.getPayload();
        if (payload instanceof StartSession || payload instanceof RecordFailedLogin
                || payload instanceof dev.phishnet.schemas.session.RecordFailedLoginFromAddress) {
            return LOGIN;
        }
        if (payload instanceof IssueOneTimeCode) {
            return ISSUE_CODE;
        }
        if (payload instanceof RefreshSession) {
            return REFRESH;
        }
        if (payload instanceof LogOut) {
            return LOGOUT;
        }
        if (payload instanceof RevokeSession) {
            return REVOKE;
        }
        if (payload instanceof RevokeAllSessions) {
            return REVOKE_ALL;
        }
        if (payload instanceof ExpireSession) {
            return EXPIRE;
        }
        if (payload instanceof ChangeSecuritySettings) {
            return CHANGE_SETTINGS;
        }
        if (payload instanceof PurgeEndedSessions) {
            return PURGE_ENDED;
        }
        return null;
    }

    /** The session command the envelope carries; throws {@link IllegalArgumentException} if it carries none. */
    public static SessionCommand toSessionCommand(CommandEnvelope command) {
        UserId userId = UserId.of(command.getAggregateId());
        TenantId tenantId = TenantId.of(command.getTenantId());
        Object payload = command.getPayload();
        if (payload instanceof StartSession start) {
            return new SessionCommand.StartSession(userId, tenantId, SessionId.of(start.getSessionId()),
                    method(start.getMethod()), start.getCredentialVersion(), hashOrNull(start.getOneTimeCodeHash()),
                    SecretHash.of(start.getRefreshTokenHash()), client(start.getClient()));
        }
        if (payload instanceof RecordFailedLogin failed) {
            return new SessionCommand.RecordFailedLogin(userId, tenantId, method(failed.getMethod()),
                    client(failed.getClient()));
        }
        if (payload instanceof IssueOneTimeCode issue) {
            return new SessionCommand.IssueOneTimeCode(userId, tenantId, SecretHash.of(issue.getCodeHash()),
                    client(issue.getClient()));
        }
        if (payload instanceof RefreshSession refresh) {
            return new SessionCommand.RefreshSession(userId, tenantId, SessionId.of(refresh.getSessionId()),
                    SecretHash.of(refresh.getPresentedTokenHash()), SecretHash.of(refresh.getRefreshTokenHash()),
                    client(refresh.getClient()));
        }
        if (payload instanceof LogOut logOut) {
            return new SessionCommand.LogOut(userId, tenantId, SessionId.of(logOut.getSessionId()));
        }
        if (payload instanceof RevokeSession revoke) {
            return new SessionCommand.RevokeSession(userId, tenantId, SessionId.of(revoke.getSessionId()));
        }
        if (payload instanceof RevokeAllSessions revokeAll) {
            return new SessionCommand.RevokeAllSessions(userId, tenantId,
                    RevocationReason.valueOf(revokeAll.getReason().name()));
        }
        if (payload instanceof ExpireSession expire) {
            return new SessionCommand.ExpireSession(userId, tenantId, SessionId.of(expire.getSessionId()),
                    expire.getDueAt());
        }
        if (payload instanceof ChangeSecuritySettings change) {
            return new SessionCommand.ChangeSecuritySettings(userId, tenantId, settings(change.getSettings()));
        }
        if (payload instanceof PurgeEndedSessions purge) {
            return new SessionCommand.PurgeEndedSessions(userId, tenantId, purge.getEndedBefore(), purge.getRunId());
        }
        throw new IllegalArgumentException("not a session command: " + CommandActions.of(command));
    }

    /** The address command the envelope carries; throws {@link IllegalArgumentException} if it carries none. */
    public static RecordFailedLoginFromAddress toAddressCommand(CommandEnvelope command) {
        if (command.getPayload() instanceof dev.phishnet.schemas.session.RecordFailedLoginFromAddress failed) {
            return new RecordFailedLoginFromAddress(IpAddress.of(failed.getIp()),
                    failed.getUserId() == null ? null : UserId.of(failed.getUserId()));
        }
        throw new IllegalArgumentException("not an address command: " + CommandActions.of(command));
    }

    static Client client(dev.phishnet.schemas.session.Client client) {
        return new Client(IpAddress.of(client.getIp()), client.getUserAgent(), client.getOs(), client.getBrowser(),
                client.getDeviceType());
    }

    static SecuritySettings settings(dev.phishnet.schemas.session.SecuritySettings settings) {
        return new SecuritySettings(settings.getMaxSessions(), settings.getIdleTimeoutMinutes(),
                settings.getAbsoluteTimeoutHours(), settings.getIpAllowList(), settings.getAlertOnNewDevice());
    }

    private static LoginMethod method(dev.phishnet.schemas.session.LoginMethod method) {
        return LoginMethod.valueOf(method.name());
    }

    private static SecretHash hashOrNull(String hash) {
        return hash == null ? null : SecretHash.of(hash);
    }
}

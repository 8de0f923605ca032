package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.Objects;

import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/** A request about one user's sessions, made in the name of one tenant. Secrets arrive as keyed hashes. */
public sealed interface SessionCommand {

    UserId userId();

    TenantId tenantId();

    /**
     * Start a session. {@code PASSWORD}: the API verified the password against {@code credentialVersion};
     * {@code ONE_TIME_CODE}: the processor checks {@code oneTimeCodeHash}.
     *
     * @param credentialVersion required for {@code PASSWORD}, ignored otherwise
     * @param oneTimeCodeHash required for {@code ONE_TIME_CODE}, ignored otherwise
     */
    record StartSession(UserId userId, TenantId tenantId, SessionId sessionId, LoginMethod method,
            Integer credentialVersion, SecretHash oneTimeCodeHash, SecretHash refreshTokenHash, Client client)
            implements SessionCommand {
        public StartSession {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
            Objects.requireNonNull(client, "client");
            if (method == LoginMethod.PASSWORD && credentialVersion == null) {
                throw new IllegalArgumentException("a password sign-in names its credential version");
            }
            if (method == LoginMethod.ONE_TIME_CODE && oneTimeCodeHash == null) {
                throw new IllegalArgumentException("a one-time code sign-in carries the code's hash");
            }
        }
    }

    /** The API checked a secret for this user and it did not match. */
    record RecordFailedLogin(UserId userId, TenantId tenantId, LoginMethod method, Client client)
            implements SessionCommand {
        public RecordFailedLogin {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(client, "client");
        }
    }

    record IssueOneTimeCode(UserId userId, TenantId tenantId, SecretHash codeHash, Client client)
            implements SessionCommand {
        public IssueOneTimeCode {
            Objects.requireNonNull(codeHash, "codeHash");
            Objects.requireNonNull(client, "client");
        }
    }

    /** Exchange the session's refresh token (presented) for a new one. */
    record RefreshSession(UserId userId, TenantId tenantId, SessionId sessionId, SecretHash presentedTokenHash,
            SecretHash refreshTokenHash, Client client) implements SessionCommand {
        public RefreshSession {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(presentedTokenHash, "presentedTokenHash");
            Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
            Objects.requireNonNull(client, "client");
        }
    }

    /** The session's user signs out of it. */
    record LogOut(UserId userId, TenantId tenantId, SessionId sessionId) implements SessionCommand {
        public LogOut {
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /** End one session of the user (the user or an admin). */
    record RevokeSession(UserId userId, TenantId tenantId, SessionId sessionId) implements SessionCommand {
        public RevokeSession {
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    record RevokeAllSessions(UserId userId, TenantId tenantId, RevocationReason reason) implements SessionCommand {
        public RevokeAllSessions {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** @param dueAt the deadline the cleanup worker saw pass */
    record ExpireSession(UserId userId, TenantId tenantId, SessionId sessionId, Instant dueAt)
            implements SessionCommand {
        public ExpireSession {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /** Issued by the cleanup worker: forget the user's sessions that ended before {@code endedBefore}. */
    record PurgeEndedSessions(UserId userId, TenantId tenantId, Instant endedBefore, String runId)
            implements SessionCommand {
        public PurgeEndedSessions {
            Objects.requireNonNull(endedBefore, "endedBefore");
        }
    }

    /** @param changes null fields stay unchanged */
    record ChangeSecuritySettings(UserId userId, TenantId tenantId, SecuritySettings changes)
            implements SessionCommand {
        public ChangeSecuritySettings {
            Objects.requireNonNull(changes, "changes");
        }
    }
}

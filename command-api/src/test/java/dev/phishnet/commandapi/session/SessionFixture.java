package dev.phishnet.commandapi.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.phishnet.commandapi.session.SessionCommand.ChangeSecuritySettings;
import dev.phishnet.commandapi.session.SessionCommand.ExpireSession;
import dev.phishnet.commandapi.session.SessionCommand.IssueOneTimeCode;
import dev.phishnet.commandapi.session.SessionCommand.LogOut;
import dev.phishnet.commandapi.session.SessionCommand.RecordFailedLogin;
import dev.phishnet.commandapi.session.SessionCommand.RefreshSession;
import dev.phishnet.commandapi.session.SessionCommand.RevokeAllSessions;
import dev.phishnet.commandapi.session.SessionCommand.RevokeSession;
import dev.phishnet.commandapi.session.SessionCommand.StartSession;
import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.OneTimeCodeIssued;
import dev.phishnet.commandapi.session.SessionEvent.SessionRefreshed;
import dev.phishnet.commandapi.session.SessionEvent.SessionStarted;
import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.PasswordHash;
import dev.phishnet.commandapi.user.Profile;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.User;
import dev.phishnet.commandapi.user.UserId;

/**
 * Test data for the sessions aggregate: the platform defaults of {@code application.yml}, one user of tenant "acme"
 * at credential version 2, two clients (a laptop and a phone), and builders for commands and past events.
 */
public final class SessionFixture {

    public static final SessionPolicy POLICY = new SessionPolicy(5, Duration.ofMinutes(30), Duration.ofHours(24),
            false, new Lockout(5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15)),
            new OneTimeCodePolicy(Duration.ofMinutes(5), 5, 3, Duration.ofMinutes(15)));

    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    public static final UserId USER_ID = UserId.of("7d5c2f0e-3b1a-4c8e-9f2d-5a6b7c8d9e0f");
    public static final TenantId TENANT = TenantId.of("acme");
    public static final TenantId OTHER_TENANT = TenantId.of("globex");
    public static final int CREDENTIAL_VERSION = 2;
    public static final User USER = user(true);
    public static final User INACTIVE_USER = user(false);

    public static final Client LAPTOP = new Client(IpAddress.of("203.0.113.7"), "Mozilla/5.0 (Macintosh) Chrome/126",
            "Mac OS X", "Chrome", "Desktop");
    public static final Client PHONE = new Client(IpAddress.of("2001:db8::20"), "Mozilla/5.0 (Linux; Android 14)",
            "Android", "Chrome Mobile", "Mobile");

    private SessionFixture() {}

    static User user(boolean active) {
        return new User(USER_ID, TENANT, Email.of("ada@acme.example"), "Ada Lovelace", null,
                Set.of(Role.USER, Role.ANALYST), Profile.EMPTY, PasswordHash.of("$argon2id$hash"), CREDENTIAL_VERSION,
                active, 3);
    }

    public static SessionId sid(int n) {
        return SessionId.of("session-" + n);
    }

    public static SecretHash token(String name) {
        return SecretHash.of("hash-of-" + name);
    }

    static StartSession start(int session, Client client) {
        return new StartSession(USER_ID, TENANT, sid(session), LoginMethod.PASSWORD, CREDENTIAL_VERSION, null,
                token("refresh-" + session), client);
    }

    static StartSession startWithCode(int session, String code) {
        return new StartSession(USER_ID, TENANT, sid(session), LoginMethod.ONE_TIME_CODE, null, token(code),
                token("refresh-" + session), LAPTOP);
    }

    static RecordFailedLogin wrongPassword() {
        return new RecordFailedLogin(USER_ID, TENANT, LoginMethod.PASSWORD, LAPTOP);
    }

    static IssueOneTimeCode issue(String code) {
        return new IssueOneTimeCode(USER_ID, TENANT, token(code), LAPTOP);
    }

    static RefreshSession refresh(int session, String presented, String next) {
        return new RefreshSession(USER_ID, TENANT, sid(session), token(presented), token(next), LAPTOP);
    }

    static LogOut logOut(int session) {
        return new LogOut(USER_ID, TENANT, sid(session));
    }

    static RevokeSession revoke(int session) {
        return new RevokeSession(USER_ID, TENANT, sid(session));
    }

    static RevokeAllSessions revokeAll(RevocationReason reason) {
        return new RevokeAllSessions(USER_ID, TENANT, reason);
    }

    static ExpireSession expire(int session, Instant dueAt) {
        return new ExpireSession(USER_ID, TENANT, sid(session), dueAt);
    }

    static ChangeSecuritySettings change(SecuritySettings changes) {
        return new ChangeSecuritySettings(USER_ID, TENANT, changes);
    }

    /** A session started at {@code at} from {@code client} with the default deadlines and refresh token "refresh-n". */
    static SessionStarted started(int session, Client client, Instant at) {
        return new SessionStarted(sid(session), LoginMethod.PASSWORD, client, client.device(), false, RiskScore.NONE,
                token("refresh-" + session), null, at, at.plus(POLICY.idleTimeout()),
                at.plus(POLICY.absoluteTimeout()));
    }

    static SessionRefreshed refreshed(int session, String next, Instant at) {
        return new SessionRefreshed(sid(session), token(next), LAPTOP, at, at.plus(POLICY.idleTimeout()));
    }

    static LoginFailed failedAt(Instant at, int recentFailures) {
        return new LoginFailed(LoginMethod.PASSWORD, LoginFailure.BAD_CREDENTIALS, LAPTOP, recentFailures, at);
    }

    static OneTimeCodeIssued issuedAt(String code, Instant at) {
        return new OneTimeCodeIssued(token(code), at, at.plus(POLICY.oneTimeCodes().validity()), LAPTOP);
    }
}

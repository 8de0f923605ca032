package dev.phishnet.commandapi.processor;

import java.time.Instant;
import java.util.UUID;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.session.Client;
import dev.phishnet.schemas.session.ExpireSession;
import dev.phishnet.schemas.session.IssueOneTimeCode;
import dev.phishnet.schemas.session.LoginMethod;
import dev.phishnet.schemas.session.RecordFailedLogin;
import dev.phishnet.schemas.session.RecordFailedLoginFromAddress;
import dev.phishnet.schemas.session.RefreshSession;
import dev.phishnet.schemas.session.StartSession;

/** Session command envelopes as the API (or the cleanup worker) publishes them, with fresh ids. */
final class SessionCommandEnvelopes {

    static final Actor ANONYMOUS = new Actor(null, ActorKind.ANONYMOUS, "203.0.113.7", "Mozilla/5.0");
    static final Actor WORKER = new Actor("cleanup-worker", ActorKind.SERVICE, null, null);

    private SessionCommandEnvelopes() {}

    static Client client(String ip) {
        return new Client(ip, "Mozilla/5.0 (Macintosh) Chrome/126", "Mac OS X", "Chrome", "Desktop");
    }

    static CommandEnvelope startSession(String userId, String tenant, String sessionId, String ip) {
        return envelope(userId, tenant, ANONYMOUS, new StartSession(sessionId, LoginMethod.PASSWORD, 1, null,
                "hash-of-refresh-" + sessionId, client(ip)));
    }

    static CommandEnvelope startWithCode(String userId, String tenant, String sessionId, String codeHash) {
        return envelope(userId, tenant, ANONYMOUS, new StartSession(sessionId, LoginMethod.ONE_TIME_CODE, null,
                codeHash, "hash-of-refresh-" + sessionId, client("203.0.113.7")));
    }

    static CommandEnvelope wrongPassword(String userId, String tenant, String ip) {
        return envelope(userId, tenant, ANONYMOUS, new RecordFailedLogin(LoginMethod.PASSWORD, client(ip)));
    }

    static CommandEnvelope issueCode(String userId, String tenant, String codeHash) {
        return envelope(userId, tenant, ANONYMOUS, new IssueOneTimeCode(codeHash, client("203.0.113.7")));
    }

    static CommandEnvelope refresh(String userId, String tenant, String sessionId, String presented, String next) {
        return envelope(userId, tenant, ANONYMOUS, new RefreshSession(sessionId, presented, next,
                client("203.0.113.7")));
    }

    static CommandEnvelope expire(String userId, String tenant, String sessionId, Instant dueAt) {
        return envelope(userId, tenant, WORKER, new ExpireSession(sessionId, dueAt));
    }

    static CommandEnvelope unknownAccount(String tenant, String ip) {
        return envelope("ip:" + ip, tenant, ANONYMOUS, new RecordFailedLoginFromAddress(ip, null));
    }

    static CommandEnvelope envelope(String aggregateId, String tenant, Actor actor, Object payload) {
        return new CommandEnvelope(UUID.randomUUID().toString(), UUID.randomUUID().toString(), tenant, aggregateId,
                Commands.ISSUED_AT, actor, null, null, payload);
    }
}

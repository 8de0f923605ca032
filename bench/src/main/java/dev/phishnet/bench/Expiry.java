package dev.phishnet.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How late sessions end after their deadline. Per user: log in, set the idle timeout to {@code idleMinutes} with that
 * session's token, log in again (that session's idle deadline is then start + idleMinutes, and nothing refreshes it);
 * then read session-events until every such session's SessionExpired arrived. Lateness = the event's occurredAt minus
 * its dueAt (the stack's own clock, as the schema defines it), and, for what a reader of the topic sees, the moment
 * this read_committed consumer received it minus dueAt.
 */
final class Expiry {

    private static final long HIGHEST_MICROS = Duration.ofHours(1).toNanos() / 1000;

    /**
     * @param idleDeadlines how many of the sessions started with an idle deadline of exactly idleMinutes (± 1 s)
     * @param early         SessionExpired whose occurredAt was before dueAt (recorded as 0 in {@code lateness})
     * @param otherEnds     sessions that ended another way (SessionEvicted, SessionLoggedOut, SessionRevoked)
     */
    record Result(int sessions, int started, int idleDeadlines, int expired, Histogram lateness, Histogram seenLate,
            int early, Map<String, Long> otherEnds, Map<String, Long> failures) {
    }

    private final AuthCalls calls;
    private final String apiUrl;
    private final StackTopics topics;

    Expiry(AuthCalls calls, String apiUrl, StackTopics topics) {
        this.calls = calls;
        this.apiUrl = apiUrl;
        this.topics = topics;
    }

    Result run(List<BenchUsers.Account> accounts, int concurrency, int idleMinutes, Duration grace) {
        try (KafkaConsumer<String, SessionEvent> consumer = topics.sessionEvents("bench-expiry")) {
            StackTopics.fromNow(consumer, StackTopics.SESSION_EVENTS);
            Map<String, LongAdder> failures = new ConcurrentHashMap<>();
            Map<String, String> sessions = new ConcurrentHashMap<>();
            Flux.fromIterable(accounts)
                    .flatMap(account -> shortSession(account, idleMinutes)
                            .doOnNext(sessionId -> sessions.put(sessionId, account.id()))
                            .onErrorResume(failure -> {
                                failures.computeIfAbsent(String.valueOf(failure.getMessage()),
                                        k -> new LongAdder()).increment();
                                return Mono.empty();
                            }), concurrency)
                    .blockLast(Duration.ofMinutes(10));
            long lastStart = System.currentTimeMillis();
            System.out.printf("  %d sessions with a %d-minute idle deadline started; waiting for them to expire ...%n",
                    sessions.size(), idleMinutes);
            return read(consumer, sessions, lastStart + TimeUnit.MINUTES.toMillis(idleMinutes) + grace.toMillis(),
                    idleMinutes, accounts.size(), failures);
        }
    }

    private Mono<String> shortSession(BenchUsers.Account account, int idleMinutes) {
        return calls.login(apiUrl, account.email())
                .flatMap(first -> calls.patch(apiUrl + "/api/v1/users/" + account.id() + "/security",
                        first.accessToken(), "{\"idleTimeoutMinutes\":" + idleMinutes + "}"))
                .flatMap(changed -> changed.status() / 100 == 2 ? calls.login(apiUrl, account.email())
                        : Mono.error(new AuthCalls.Unexpected("PATCH security", changed)))
                .map(AuthCalls.Tokens::sessionId);
    }

    private static Result read(KafkaConsumer<String, SessionEvent> consumer, Map<String, String> sessions,
            long deadlineMillis, int idleMinutes, int users, Map<String, LongAdder> failures) {
        var lateness = new Histogram(HIGHEST_MICROS, 3);
        var seenLate = new Histogram(HIGHEST_MICROS, 3);
        Map<String, Long> otherEnds = new TreeMap<>();
        int started = 0;
        int idleDeadlines = 0;
        int expired = 0;
        int early = 0;
        int ended = 0;
        long nextReport = System.currentTimeMillis() + 15_000;
        while (ended < sessions.size() && System.currentTimeMillis() < deadlineMillis) {
            for (ConsumerRecord<String, SessionEvent> record : consumer.poll(Duration.ofMillis(100))) {
                long seen = System.currentTimeMillis();
                SessionEvent event = record.value();
                if (event == null) {
                    continue;
                }
                Object payload = event.getPayload();
                Instant occurredAt = event.getEnvelope().getOccurredAt();
                if (payload instanceof SessionStarted start && sessions.containsKey(start.getSessionId())) {
                    started++;
                    long idle = start.getIdleExpiresAt().toEpochMilli() - occurredAt.toEpochMilli();
                    if (Math.abs(idle - TimeUnit.MINUTES.toMillis(idleMinutes)) <= 1000) {
                        idleDeadlines++;
                    }
                } else if (payload instanceof SessionExpired expiry && sessions.containsKey(expiry.getSessionId())) {
                    expired++;
                    ended++;
                    long late = occurredAt.toEpochMilli() - expiry.getDueAt().toEpochMilli();
                    if (late < 0) {
                        early++;
                    }
                    lateness.recordValue(Math.min(Math.max(0, late) * 1000, HIGHEST_MICROS));
                    seenLate.recordValue(Math.min(Math.max(0, seen - expiry.getDueAt().toEpochMilli()) * 1000,
                            HIGHEST_MICROS));
                } else if (endedOtherwise(payload) != null && sessions.containsKey(endedOtherwise(payload))) {
                    ended++;
                    otherEnds.merge(payload.getClass().getSimpleName(), 1L, Long::sum);
                }
            }
            if (System.currentTimeMillis() > nextReport) {
                System.out.printf("  ... %d of %d expired%n", expired, sessions.size());
                nextReport += 15_000;
            }
        }
        Map<String, Long> failureCounts = new TreeMap<>();
        failures.forEach((kind, count) -> failureCounts.put(kind, count.sum()));
        if (ended < sessions.size()) {
            failureCounts.put("not ended by the deadline (idle + grace)", (long) (sessions.size() - ended));
        }
        return new Result(users, started, idleDeadlines, expired, lateness, seenLate, early, otherEnds, failureCounts);
    }

    private static String endedOtherwise(Object payload) {
        if (payload instanceof SessionLoggedOut loggedOut) {
            return loggedOut.getSessionId();
        }
        if (payload instanceof SessionRevoked revoked) {
            return revoked.getSessionId();
        }
        if (payload instanceof SessionEvicted evicted) {
            return evicted.getSessionId();
        }
        return null;
    }
}

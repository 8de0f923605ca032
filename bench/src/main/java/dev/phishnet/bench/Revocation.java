package dev.phishnet.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How long an ended session's access token still works on another instance. Per session: log in on A; GET the user
 * on B with the access token until it answers (not 401); log out on A; GET on B every {@code interval} until 401.
 * Propagation runs from the logout's answer to B's first 401 answer, so it is over-stated by up to one interval plus
 * one GET (the GET that saw the end may have been sent just before it arrived).
 */
final class Revocation {

    private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    /**
     * @param acceptedOnB   from the login's answer to B's first non-401 answer with the new token
     * @param alreadyEnded  sessions whose first GET on B after the logout already answered 401
     */
    record Result(int sessions, Histogram logout, Histogram propagation, Histogram acceptedOnB, long alreadyEnded,
            Map<String, Long> failures) {

        long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final AuthCalls calls;
    private final String apiA;
    private final String apiB;
    private final Duration interval;

    Revocation(AuthCalls calls, String apiA, String apiB, Duration interval) {
        this.calls = calls;
        this.apiA = apiA;
        this.apiB = apiB;
        this.interval = interval;
    }

    /** Round robin over {@code accounts}, {@code concurrency} sessions at a time. */
    Result run(List<BenchUsers.Account> accounts, int sessions, int concurrency) {
        var logout = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        var propagation = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        var accepted = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        var alreadyEnded = new LongAdder();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        Flux.range(0, sessions)
                .flatMap(i -> cycle(accounts.get(i % accounts.size()), logout, propagation, accepted, alreadyEnded)
                        .onErrorResume(failure -> {
                            failures.computeIfAbsent(describe(failure), k -> new LongAdder()).increment();
                            return Mono.empty();
                        }), concurrency)
                .blockLast(Duration.ofMinutes(30));
        Map<String, Long> failureCounts = new TreeMap<>();
        failures.forEach((kind, count) -> failureCounts.put(kind, count.sum()));
        return new Result(sessions, logout.copy(), propagation.copy(), accepted.copy(), alreadyEnded.sum(),
                failureCounts);
    }

    private Mono<Void> cycle(BenchUsers.Account account, Histogram logout, Histogram propagation,
            Histogram accepted, LongAdder alreadyEnded) {
        String onB = apiB + "/api/v1/users/" + account.id();
        return calls.post(apiA + "/api/v1/auth/login", null, AuthCalls.loginBody(account.email()))
                .flatMap(login -> {
                    if (login.status() != 200) {
                        return Mono.error(new AuthCalls.Unexpected("login on A", login));
                    }
                    String token = AuthCalls.Tokens.parse(login.body()).accessToken();
                    return calls.pollUntil(onB, token, status -> status != 401, interval, deadline())
                            .flatMap(works -> {
                                accepted.recordValue(micros(works.at() - login.at()));
                                long logoutSent = System.nanoTime();
                                return calls.post(apiA + "/api/v1/auth/logout", token, null)
                                        .flatMap(loggedOut -> {
                                            if (loggedOut.status() / 100 != 2) {
                                                return Mono.error(new AuthCalls.Unexpected("logout on A", loggedOut));
                                            }
                                            logout.recordValue(micros(loggedOut.at() - logoutSent));
                                            return ended(onB, token, loggedOut.at(), propagation, alreadyEnded);
                                        });
                            });
                });
    }

    private Mono<Void> ended(String onB, String token, long loggedOutAt, Histogram propagation,
            LongAdder alreadyEnded) {
        var first = new boolean[] {true};
        return calls.pollUntil(onB, token, status -> {
                    if (status == 401 && first[0]) {
                        alreadyEnded.increment();
                    }
                    first[0] = false;
                    return status == 401;
                }, interval, deadline())
                .doOnNext(refused -> propagation.recordValue(micros(refused.at() - loggedOutAt)))
                .then();
    }

    private static long deadline() {
        return System.nanoTime() + GIVE_UP.toNanos();
    }

    private static long micros(long nanos) {
        return Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), HIGHEST_MICROS));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return failure.getClass().getSimpleName() + ": " + message.substring(0, Math.min(120, message.length()));
    }
}

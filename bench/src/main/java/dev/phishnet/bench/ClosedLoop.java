package dev.phishnet.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.netty.handler.codec.http.HttpMethod;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;

/**
 * A closed loop: exactly {@code concurrency} requests in flight, each worker sending its next request when the last
 * one answered, for warm-up + duration. Only requests sent and answered inside the measured window count. Every
 * {@code visibleEvery}-th accepted command also starts a probe: the read with its consistency token, whose 200 ends
 * the command-to-visible latency (probes run beside the loop, not in its slots, so they do not slow the loop down
 * except through the CPU they cost the server).
 */
final class ClosedLoop {

    /**
     * One request of the loop: method, URI, bearer token and JSON body; {@code onOk} (may be null) gets the body of a
     * 2xx answer, warm-up included, e.g. to carry a refresh token to the slot's next request.
     */
    record Call(HttpMethod method, String uri, String token, String body, Probe probe, Consumer<String> onOk) {

        Call(HttpMethod method, String uri, String token, String body, Probe probe) {
            this(method, uri, token, body, probe, null);
        }
    }

    /** How to read a command back: the query URI and the token to read it with. */
    record Probe(String uri, String token) {
    }

    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final Duration requestTimeout;

    ClosedLoop(HttpClient client) {
        this(client, REQUEST_TIMEOUT);
    }

    /** {@code requestTimeout}: how long one request may take before it counts as an error (at most 2 minutes). */
    ClosedLoop(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Which requests count, and until when the loop sends: a request counts when it was sent after the window opened
     * and answered before it closed ({@link #fixed}), or when it was sent while the window was open, however long its
     * answer took ({@link #between}: a stall that outlasts the window is what such a window is there to see).
     */
    interface Window {

        boolean counts(long sentNanos, long answeredNanos);

        /** Whether the loop sends another request now. */
        boolean sending(long nowNanos);

        double seconds();

        /** Opens after {@code warmup} and stays open for {@code duration}. */
        static Window fixed(Duration warmup, Duration duration) {
            long windowStart = System.nanoTime() + warmup.toNanos();
            long windowEnd = windowStart + duration.toNanos();
            return new Window() {
                @Override
                public boolean counts(long sent, long answered) {
                    return sent >= windowStart && answered <= windowEnd;
                }

                @Override
                public boolean sending(long now) {
                    return now < windowEnd;
                }

                @Override
                public double seconds() {
                    return duration.toNanos() / 1e9;
                }
            };
        }

        /**
         * Opens when {@code opened} completes and closes when {@code closed} does, or {@code limit} after the loop
         * started if it has not by then; counts by send time.
         */
        static Window between(CompletableFuture<?> opened, CompletableFuture<?> closed, Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            var openedAt = new AtomicLong(Long.MAX_VALUE);
            var closedAt = new AtomicLong(deadline);
            opened.whenComplete((ignored, failure) -> openedAt.set(System.nanoTime()));
            closed.whenComplete((ignored, failure) -> closedAt.set(Math.min(deadline, System.nanoTime())));
            return new Window() {
                @Override
                public boolean counts(long sent, long answered) {
                    return sent >= openedAt.get() && sent < closedAt.get();
                }

                @Override
                public boolean sending(long now) {
                    return now < closedAt.get();
                }

                @Override
                public double seconds() {
                    long from = openedAt.get();
                    return from == Long.MAX_VALUE ? 0 : Math.max(0, closedAt.get() - from) / 1e9;
                }
            };
        }
    }

    ScenarioResult run(String scenario, int concurrency, Duration warmup, Duration duration, int visibleEvery,
            IntFunction<Call> nextCall) {
        return run(scenario, concurrency, Window.fixed(warmup, duration), visibleEvery, nextCall);
    }

    ScenarioResult run(String scenario, int concurrency, Window window, int visibleEvery, IntFunction<Call> nextCall) {
        var accept = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        var visible = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        var ok = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        var visibleFailed = new LongAdder();
        var sequence = new AtomicLong();
        Sinks.Many<Mono<Void>> probes = Sinks.many().unicast().onBackpressureBuffer();
        var probing = probes.asFlux().flatMap(probe -> probe, Integer.MAX_VALUE).then().toFuture();

        Flux.range(0, concurrency)
                .flatMap(worker -> Mono.defer(() -> {
                    long sent = System.nanoTime();
                    Call call = nextCall.apply(worker);
                    return send(call)
                            .doOnNext(reply -> {
                                long answered = System.nanoTime();
                                boolean counted = window.counts(sent, answered);
                                if (reply.status() / 100 == 2 && call.onOk() != null) {
                                    call.onOk().accept(reply.body());
                                }
                                if (reply.status() / 100 != 2) {
                                    if (counted) {
                                        errors.computeIfAbsent("HTTP " + reply.status(), k -> new LongAdder()).increment();
                                    }
                                    return;
                                }
                                if (!counted) {
                                    return;
                                }
                                ok.increment();
                                accept.recordValue(Math.min((answered - sent) / 1000, HIGHEST_MICROS));
                                if (call.probe() != null && visibleEvery > 0
                                        && sequence.incrementAndGet() % visibleEvery == 0) {
                                    probes.emitNext(probe(call.probe(), reply.consistencyToken(), sent, visible,
                                            visibleFailed), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
                                }
                            })
                            .onErrorResume(failure -> {
                                long answered = System.nanoTime();
                                if (window.counts(sent, answered)) {
                                    errors.computeIfAbsent(failure.getClass().getSimpleName(), k -> new LongAdder())
                                            .increment();
                                }
                                return Mono.empty();
                            })
                            .then();
                }).repeat(() -> window.sending(System.nanoTime())), concurrency)
                .blockLast();
        probes.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        Mono.fromFuture(probing).block(Duration.ofSeconds(30));

        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
        return new ScenarioResult(scenario, concurrency, window.seconds(), ok.sum(), accept.copy(),
                visible.copy(), errorCounts, visibleFailed.sum());
    }

    private record Reply(int status, String consistencyToken, String body) {
    }

    private Mono<Reply> send(Call call) {
        return client.headers(headers -> {
                    headers.set("Content-Type", "application/json");
                    if (call.token() != null) {
                        headers.set("Authorization", "Bearer " + call.token());
                    }
                })
                .request(call.method())
                .uri(call.uri())
                .send(call.body() == null ? ByteBufMono.empty() : ByteBufMono.fromString(Mono.just(call.body())))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(body -> new Reply(response.status().code(),
                                response.responseHeaders().get("X-Consistency-Token"), body)))
                .timeout(requestTimeout);
    }

    /** The query waits server-side (up to 2 s) for the token's version: its 200 is the moment the write is visible. */
    private Mono<Void> probe(Probe probe, String consistencyToken, long sent, Histogram visible, LongAdder failed) {
        return client.headers(headers -> headers.set("Authorization", "Bearer " + probe.token())
                        .set("X-Consistency-Token", consistencyToken))
                .get()
                .uri(probe.uri())
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(ignored -> response.status().code()))
                .timeout(requestTimeout)
                .doOnNext(status -> {
                    if (status == 200) {
                        visible.recordValue(Math.min((System.nanoTime() - sent) / 1000, HIGHEST_MICROS));
                    } else {
                        failed.increment();
                    }
                })
                .onErrorResume(failure -> {
                    failed.increment();
                    return Mono.empty();
                })
                .then();
    }
}

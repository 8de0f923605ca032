package dev.phishnet.commandapi.security;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * The token buckets of the rate limits, one per limit and client, in this instance's memory. Each holds a minute's
 * worth of requests and refills continuously (greedily), so a bucket left alone for a minute is full, exactly like a
 * new one: such a bucket is dropped, and never more than {@code maxBuckets} are kept (the least recently used goes
 * first). Behind a load balancer each instance counts on its own, so a client's limit is per instance.
 */
final class RateLimits {

    private static final Duration PERIOD = Duration.ofMinutes(1);

    /** A limit as the {@code RateLimit-Policy} header names it, and its requests per minute. */
    record Limit(String name, long perMinute) {

        String policy() {
            return "\"" + name + "\";q=" + perMinute + ";w=" + PERIOD.toSeconds();
        }
    }

    /**
     * What one request got.
     *
     * @param remaining requests left in the bucket after this one
     * @param retryAfter how long until the next request would be let through (zero when this one was)
     * @param reset how long until the bucket is full again
     */
    record Verdict(Limit limit, boolean allowed, long remaining, Duration retryAfter, Duration reset) {

        /** The {@code RateLimit} header: remaining requests and seconds until the bucket is full. */
        String state() {
            return "\"" + limit.name() + "\";r=" + remaining + ";t=" + seconds(reset);
        }

        /** {@code Retry-After}: whole seconds, rounded up, at least one. */
        long retryAfterSeconds() {
            return Math.max(1, seconds(retryAfter));
        }

        private static long seconds(Duration duration) {
            return (duration.toNanos() + 999_999_999L) / 1_000_000_000L;
        }
    }

    private record Key(String limit, String client) {
    }

    private static final class Tracked {

        final Bucket bucket;
        long lastUsed;

        Tracked(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    private final int maxBuckets;
    private final TimeMeter time;
    /** In access order: the first entry is the least recently used. Guarded by itself. */
    private final LinkedHashMap<Key, Tracked> buckets = new LinkedHashMap<>(256, 0.75f, true);

    /** @param time the clock the buckets refill by (tests move one by hand) */
    RateLimits(int maxBuckets, TimeMeter time) {
        this.maxBuckets = maxBuckets;
        this.time = time;
    }

    /** Takes one request from the client's bucket of this limit, if there is one left. */
    Verdict take(Limit limit, String client) {
        Bucket bucket;
        synchronized (buckets) {
            long now = time.currentTimeNanos();
            Tracked tracked = buckets.computeIfAbsent(new Key(limit.name(), client), key -> new Tracked(create(limit)));
            tracked.lastUsed = now;
            evict(now);
            bucket = tracked.bucket;
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Verdict(limit, probe.isConsumed(), probe.getRemainingTokens(),
                Duration.ofNanos(probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill()),
                Duration.ofNanos(probe.getNanosToWaitForReset()));
    }

    /** How many buckets are kept now. */
    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private void evict(long now) {
        Iterator<Tracked> oldestFirst = buckets.values().iterator();
        while (oldestFirst.hasNext()) {
            Tracked oldest = oldestFirst.next();
            if (buckets.size() <= maxBuckets && now - oldest.lastUsed < PERIOD.toNanos()) {
                return;
            }
            oldestFirst.remove();
        }
    }

    private Bucket create(Limit limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.perMinute()).refillGreedy(limit.perMinute(), PERIOD))
                .withCustomTimePrecision(time)
                .build();
    }
}

package dev.phishnet.commandapi.security;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client token buckets in front of {@code /api}: a client is the authenticated user (tenant and subject), else the
 * client address. Each bucket holds a minute's worth of requests and refills continuously, so a client may burst up to
 * its limit and then go on at the limit's pace. Health, metrics and key discovery are outside {@code /api} and never
 * limited.
 *
 * @param enabled whether requests are limited at all
 * @param authPerMinute requests a minute per client to {@code /api/v1/auth/**} (sign-in, one-time codes, refresh,
 *     logout): low, since these are what a password or code guesser calls
 * @param defaultPerMinute requests a minute per client to every other path under {@code /api}
 * @param maxBuckets buckets kept in memory at most. A bucket idle for a minute is full again and is dropped; beyond
 *     this many clients active within a minute, the least recently seen client's bucket is dropped too (that client
 *     starts afresh), so that a flood of addresses cannot exhaust the memory. About 500 bytes per bucket (measured):
 *     50 MB at the default
 */
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60") int authPerMinute,
        @DefaultValue("600") int defaultPerMinute,
        @DefaultValue("100000") int maxBuckets) {

    public RateLimitSettings {
        if (authPerMinute < 1 || defaultPerMinute < 1) {
            throw new IllegalArgumentException("platform.rate-limit.auth-per-minute and default-per-minute must be at "
                    + "least 1 (set platform.rate-limit.enabled=false to turn limiting off)");
        }
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("platform.rate-limit.max-buckets must be at least 1");
        }
    }
}

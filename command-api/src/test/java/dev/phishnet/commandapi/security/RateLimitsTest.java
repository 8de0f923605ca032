package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.IntStream;

import dev.phishnet.commandapi.security.RateLimits.Limit;
import dev.phishnet.commandapi.security.RateLimits.Verdict;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

class RateLimitsTest {

    private static final Limit AUTH = new Limit("auth", 60);
    private static final Limit OTHERS = new Limit("default", 600);

    private final ManualTime time = new ManualTime();
    private final RateLimits limits = new RateLimits(1000, time);

    @Test
    void aClientGetsItsMinutesWorthAtOnceThenWaitsForTheRefill() {
        IntStream.range(0, 60).forEach(i -> assertThat(limits.take(AUTH, "ip:10.0.0.1").allowed()).isTrue());

        Verdict refused = limits.take(AUTH, "ip:10.0.0.1");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        // 60 a minute refill one a second.
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.state()).isEqualTo("\"auth\";r=0;t=60");
        assertThat(AUTH.policy()).isEqualTo("\"auth\";q=60;w=60");
    }

    @Test
    void theBucketRefillsAsTheClockMoves() {
        IntStream.range(0, 61).forEach(i -> limits.take(AUTH, "ip:10.0.0.1"));

        time.advance(Duration.ofMillis(999));
        assertThat(limits.take(AUTH, "ip:10.0.0.1").allowed()).as("just short of a second").isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(limits.take(AUTH, "ip:10.0.0.1").allowed()).as("a second later").isTrue();
        assertThat(limits.take(AUTH, "ip:10.0.0.1").allowed()).as("and only one").isFalse();

        time.advance(Duration.ofMinutes(1));
        Verdict full = limits.take(AUTH, "ip:10.0.0.1");
        assertThat(full.allowed()).isTrue();
        assertThat(full.remaining()).as("a minute later the bucket is full again").isEqualTo(59);
    }

    @Test
    void retryAfterRoundsUp() {
        Limit slow = new Limit("slow", 7);
        IntStream.range(0, 7).forEach(i -> limits.take(slow, "user:acme/1"));

        // 7 a minute: one every 8.57 s.
        assertThat(limits.take(slow, "user:acme/1").retryAfterSeconds()).isEqualTo(9);
    }

    @Test
    void eachClientAndEachLimitHasItsOwnBucket() {
        IntStream.range(0, 60).forEach(i -> limits.take(AUTH, "ip:10.0.0.1"));

        assertThat(limits.take(AUTH, "ip:10.0.0.1").allowed()).isFalse();
        assertThat(limits.take(AUTH, "ip:10.0.0.2").allowed()).isTrue();
        assertThat(limits.take(OTHERS, "ip:10.0.0.1").allowed()).isTrue();
    }

    @Test
    void aBucketIdleForAMinuteIsDroppedAndItsClientStartsFull() {
        IntStream.range(0, 61).forEach(i -> limits.take(AUTH, "ip:10.0.0.1"));
        limits.take(AUTH, "ip:10.0.0.2");
        assertThat(limits.size()).isEqualTo(2);

        time.advance(Duration.ofMinutes(1));
        limits.take(AUTH, "ip:10.0.0.3");

        assertThat(limits.size()).as("only the bucket just used").isEqualTo(1);
        assertThat(limits.take(AUTH, "ip:10.0.0.1").remaining()).isEqualTo(59);
    }

    @Test
    void pastTheCapTheLeastRecentlyUsedBucketIsDropped() {
        RateLimits capped = new RateLimits(3, time);
        IntStream.range(0, 60).forEach(i -> capped.take(AUTH, "ip:10.0.0.1"));
        capped.take(AUTH, "ip:10.0.0.2");
        capped.take(AUTH, "ip:10.0.0.3");
        assertThat(capped.take(AUTH, "ip:10.0.0.1").allowed()).as("10.0.0.1, used last, is kept").isFalse();

        capped.take(AUTH, "ip:10.0.0.4");

        assertThat(capped.size()).isEqualTo(3);
        assertThat(capped.take(AUTH, "ip:10.0.0.1").allowed()).as("still kept: 10.0.0.2 went").isFalse();
        assertThat(capped.take(AUTH, "ip:10.0.0.2").remaining()).as("10.0.0.2 starts afresh").isEqualTo(59);
    }

    @Test
    void theShippedDefaultsAreSixtyAMinuteForSignInSixHundredElsewhereAndNoBrowserOrigin() throws IOException {
        Binder shipped = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))));

        assertThat(shipped.bind("platform.rate-limit", RateLimitSettings.class).get())
                .isEqualTo(new RateLimitSettings(true, 60, 600, 100_000));
        assertThat(shipped.bind("platform.cors", CorsSettings.class).get().allowedOrigins()).isEmpty();
    }

    @Test
    void anIpv6ClientIsItsSlash64AndAddressesCountInOneSpelling() {
        assertThat(RateLimitFilter.address("2001:db8:1:2:aaaa::1"))
                .isEqualTo(RateLimitFilter.address("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"))
                .isEqualTo("ip6:20010db800010002/64");
        assertThat(RateLimitFilter.address("2001:db8:1:3::1")).isNotEqualTo(RateLimitFilter.address("2001:db8:1:2::1"));
        assertThat(RateLimitFilter.address("::ffff:10.0.0.1")).isEqualTo("ip:10.0.0.1");
        assertThat(RateLimitFilter.address(null)).isEqualTo("ip:unknown");
    }
}

package dev.phishnet.commandapi.web;

import dev.phishnet.commandapi.CommandApiProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;

/** HTTP limits and request fingerprints shared by every endpoint. */
@Configuration(proxyBeanMethods = false)
public class HttpConfiguration {

    /**
     * Bounds what a decoder buffers per request body: a larger body fails while it is read, before any of it is
     * parsed, whether it announces its length or not.
     */
    @Bean
    CodecCustomizer maxBodySize(BodySizeLimits limits) {
        int limit = Math.toIntExact(limits.codecLimit());
        return configurer -> configurer.defaultCodecs().maxInMemorySize(limit);
    }

    /** {@code platform.http.read-timeout} and {@code request-timeout} on the Netty server. */
    @Bean
    SlowClients slowClients(CommandApiProperties properties) {
        return new SlowClients(properties.http().readTimeout(), properties.http().requestTimeout());
    }

    /** {@code platform.http.max-body-size} for every body but an analysis submission's (max-analysis-body-size). */
    @Bean
    BodySizeLimits bodySizeLimits(CommandApiProperties properties) {
        return new BodySizeLimits(properties.http().maxBodySize().toBytes(),
                properties.http().maxAnalysisBodySize().toBytes());
    }

    /** JSON bodies must be well-formed UTF-8: Jackson alone would take overlong forms ({@code C0 AF} for '/'). */
    @Bean
    StrictUtf8Bodies strictUtf8Bodies() {
        return new StrictUtf8Bodies();
    }

    @Bean
    ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
        return new ProblemWriter(codecs.getWriters());
    }

    /** Errors no controller advice rendered are problems too, whatever the request's Accept. */
    @Bean
    UncaughtErrors uncaughtErrors(ProblemWriter problems) {
        return new UncaughtErrors(problems);
    }

    /** Error statuses completed without a body (the actuator's 404s) get the problem of their status. */
    @Bean
    BodilessErrors bodilessErrors(ProblemWriter problems) {
        return new BodilessErrors(problems);
    }

    /** An Accept that is not a media type list would fail every answer, its error's problem included: a 400 first. */
    @Bean
    CheckedAccept checkedAccept() {
        return new CheckedAccept();
    }

    /**
     * Behind a trusted proxy ({@code platform.http.trusted-proxies}): the forwarded headers applied as Boot would, but a malformed one is a 400 problem rather
     * than the server adapter's bodiless 400. Boot's own transformer backs off for this one.
     */
    @Bean
    @ConditionalOnProperty(name = "server.forward-headers-strategy", havingValue = "framework")
    CheckedForwardedHeaders forwardedHeaderTransformer(CommandApiProperties properties) {
        return new CheckedForwardedHeaders(TrustedProxies.of(properties.http().trustedProxies()));
    }

    @Bean
    RequestFingerprints requestFingerprints(CommandApiProperties properties) {
        return new RequestFingerprints(properties.commands().idempotencySecret());
    }
}

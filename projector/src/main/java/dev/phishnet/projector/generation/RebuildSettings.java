package dev.phishnet.projector.generation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the projector runs blue/green rebuilds, bound from {@code platform.projector.rebuild.*} (defaults in
 * {@code application.yml}).
 *
 * @param switchLag the queries switch to the generation being built once the events it still has to apply (over every
 *     partition of both applications) are at most this many
 * @param gracePeriod how long the old generation keeps running (and its collections stay) after the switch, for the
 *     queries that read its names a moment before they saw the switch; then it is dropped
 * @param progressInterval how often progress (checkpoint, end offset, lag, events/s, ETA) is measured, stored in the
 *     generation's document and, during a rebuild, logged
 * @param pollInterval how often the projector reads the control document: how long after a request a rebuild starts
 */
@ConfigurationProperties("platform.projector.rebuild")
public record RebuildSettings(long switchLag, Duration gracePeriod, Duration progressInterval, Duration pollInterval) {

    public RebuildSettings {
        if (switchLag < 0) {
            throw new IllegalArgumentException("platform.projector.rebuild.switch-lag must be zero or positive");
        }
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("platform.projector.rebuild.grace-period must be zero or positive");
        }
        if (progressInterval == null || progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("platform.projector.rebuild.progress-interval must be positive");
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("platform.projector.rebuild.poll-interval must be positive");
        }
    }
}

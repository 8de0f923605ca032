package dev.phishnet.cleanup.streams;

import java.util.Map;

import dev.phishnet.cleanup.retention.RetentionCategory;

/** Told of each tenant's retention run as its record is sent, for metrics: how many items of each category. */
@FunctionalInterface
public interface RetentionListener {

    RetentionListener NONE = (tenantId, counts) -> {
    };

    void runRecorded(String tenantId, Map<RetentionCategory, Long> counts);
}

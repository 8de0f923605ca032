package dev.phishnet.cleanup.streams;

import java.time.Instant;

/** Told of each expiry command as it is sent, for metrics: how long after its deadline it went out. */
@FunctionalInterface
public interface ExpiryListener {

    ExpiryListener NONE = (dueAt, sentAt) -> {
    };

    void expirySent(Instant dueAt, Instant sentAt);
}

package dev.phishnet.commandapi.web;

import reactor.core.publisher.Mono;

/** A read model a consistency token can name: it can tell when it has reached an aggregate's version. */
public interface VersionedReadModel {

    /** The kind a consistency token names it by ({@code users}, {@code sessions}). */
    String kind();

    /** Completes once the tenant's aggregate has reached the version; empty forever otherwise (callers bound it). */
    Mono<Void> awaitVersion(String tenantId, String aggregateId, long version);
}

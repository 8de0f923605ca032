package dev.phishnet.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Audit events of one tenant written straight to {@code audit-events}, as the processor writes them (Avro in the
 * Confluent wire format through the stack's registry, keyed by resource id), for the projector to put in
 * {@code audit_logs}: users' actions over a few thousand resources. Their envelope says when they happened; the Kafka
 * record's timestamp is now, so the topic's own 90-day retention leaves them alone and only the read model's
 * retention acts on them.
 */
final class AuditSeed {

    static final String AUDIT_EVENTS = "audit-events";
    /** The actions the events cycle through; the bench's filtered query asks for the first. */
    static final List<String> ACTIONS = List.of("session.login", "user.update_profile", "analysis.request",
            "session.refresh", "threat_intel.report", "session.logout");
    static final int USERS = 50;

    private final String topic;
    private final String bootstrap;
    private final String registryUrl;
    private final String tenantId;
    private final int resources;

    AuditSeed(String bootstrap, String registryUrl, String tenantId, int resources) {
        this(AUDIT_EVENTS, bootstrap, registryUrl, tenantId, resources);
    }

    /** Into another topic of the same kind (the rebuild bench's own, which the running projector does not read). */
    AuditSeed(String topic, String bootstrap, String registryUrl, String tenantId, int resources) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.tenantId = tenantId;
        this.resources = resources;
    }

    /**
     * Writes {@code count} events, the i-th occurring at {@code newest - i * spacing} (newest first), each tagged with
     * {@code batch} as its correlation id so that the batch can be counted in the read model. Returns when the broker
     * acknowledged them all.
     */
    void write(String batch, int count, Instant newest, Duration spacing) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("linger.ms", 20);
        config.put("batch.size", 256 * 1024);
        config.put("compression.type", "lz4");
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        var values = new AvroSerializer<AuditEvent>();
        values.configure(config, false);
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), values)) {
            for (int i = 0; i < count && failed.get() == null; i++) {
                AuditEvent event = event(batch, i, newest.minus(spacing.multipliedBy(i)));
                // No record timestamp given: the producer stamps it now.
                producer.send(new ProducerRecord<>(topic, event.getResourceId(), event), (metadata, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("writing " + batch + " to " + topic + " failed", failed.get());
        }
    }

    private AuditEvent event(String batch, int i, Instant occurredAt) {
        String resourceId = "bench-resource-" + (i % resources);
        String action = ACTIONS.get(i % ACTIONS.size());
        var actor = Actor.newBuilder().setId("bench-user-" + (i % USERS)).setKind(ActorKind.USER)
                .setIp("10.0." + (i % 200) + ".1").setUserAgent("phishnet-bench").build();
        var envelope = EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateId(resourceId)
                .setAggregateVersion(1 + i / resources).setTenantId(tenantId).setOccurredAt(occurredAt)
                .setCorrelationId(batch).setActor(actor).build();
        return AuditEvent.newBuilder().setEnvelope(envelope).setAction(action).setOutcome(AuditOutcome.ACCEPTED)
                .setResourceType(action.substring(0, action.indexOf('.'))).setResourceId(resourceId)
                .setCommandId(UUID.randomUUID().toString()).setDetails(Map.of("bench", batch)).build();
    }
}

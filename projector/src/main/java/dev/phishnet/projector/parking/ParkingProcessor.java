package dev.phishnet.projector.parking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoException;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards one projection: decodes each record's bytes and hands the event to the projection; a record that does not
 * decode, or whose apply throws, is parked (its key's queue in the parking store, an entry in
 * {@code projector_dlq}, a copy on the dead-letter topic) and the projection goes on with other keys. A record of a
 * key with a parked queue waits at its end, so each aggregate's events still apply in order. A punctuator carries
 * out the operators' requests on the heads this task holds: retry applies the head again, skip drops it, and then
 * the waiting records apply in order until one fails (it becomes the head).
 *
 * <p>Only faults of the record are parked. A MongoDB error, a Streams error (a store, a changelog, a lost task) or an
 * unreachable registry is the infrastructure's and is thrown, so that the thread is replaced and the records read
 * again, as without this guard.
 */
final class ParkingProcessor<E> implements Processor<String, byte[], String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ParkingProcessor.class);
    static final String HEADER = "phishnet.dlq.";

    private final DeadLetters.Guarded<E> guarded;
    private final ParkedEntries entries;
    private final ParkingRequests requests;
    private final int generation;
    private final Duration pollInterval;
    private final Clock clock;
    private final Processor<String, E, Void, Void> projection;

    private ProcessorContext<String, byte[]> context;
    private ReleasingContext releasing;
    private KeyValueStore<String, ParkedQueue> parked;
    private boolean reconciled;

    ParkingProcessor(DeadLetters.Guarded<E> guarded, ParkedEntries entries, ParkingRequests requests, int generation,
            Duration pollInterval, Clock clock) {
        this.guarded = guarded;
        this.entries = entries;
        this.requests = requests;
        this.generation = generation;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.projection = guarded.projection().get();
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.releasing = new ReleasingContext(context);
        this.parked = context.getStateStore(guarded.storeName());
        projection.init(releasing);
        context.schedule(pollInterval, PunctuationType.WALL_CLOCK_TIME, this::carryOutRequests);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String key = storeKey(record.key());
        ParkedQueue queue = parked.get(key);
        if (queue != null && queue.holds(source)) {
            return;
        }
        if (queue != null && !queue.precedes(source)) {
            ParkedRecord waiting = parkedRecord(source, record);
            park(waiting, key, record.headers(), ParkedEntries.Reason.WAITING, null,
                    "waits behind " + queue.head().id(), "");
            parked.put(key, queue.append(waiting));
            return;
        }
        Outcome<E> outcome = apply(record.key(), record.value(), record.timestamp(), record.headers(), source);
        if (outcome.error() != null && queue != null) {
            // Read again after a crash, from before the head: it was applied (or resolved) the first time round.
            log.warn("Record {}-{}@{} read again before the parked head {} failed this time ({}); left as it was",
                    source.topic(), source.partition(), source.offset(), queue.head().id(), outcome.error().toString());
        } else if (outcome.error() != null) {
            ParkedRecord failed = parkedRecord(source, record);
            // The entry first: if MongoDB fails, the record is read again and parked then, entry and all.
            park(failed, key, record.headers(), ParkedEntries.Reason.FAILED, outcome.event(),
                    ParkedEntries.messageOf(outcome.error()), outcome.error().getClass().getName());
            parked.put(key, ParkedQueue.of(failed));
        }
    }

    @Override
    public void close() {
        projection.close();
    }

    private void carryOutRequests(long nowMs) {
        if (!reconciled) {
            reconcile();
            reconciled = true;
        }
        for (ParkedEntries.Request request : requests.of(guarded.name(), nowMs)) {
            ParkedQueue queue = parked.get(request.key());
            if (queue == null || !queue.head().id().equals(request.id())) {
                continue;
            }
            if (entries.claim(request)) {
                resolve(request.key(), queue, request.retry());
            }
            requests.handled(request.id());
        }
    }

    /**
     * Heads whose entry is already applied or skipped: the task crashed after carrying out a request but before its
     * store's changelog had the release. Carried out again (the projections are idempotent).
     */
    private void reconcile() {
        List<KeyValue<String, ParkedQueue>> heads = new ArrayList<>();
        try (KeyValueIterator<String, ParkedQueue> all = parked.all()) {
            all.forEachRemaining(heads::add);
        }
        Map<String, ParkedEntries.Status> resolved = entries.resolvedAmong(
                heads.stream().map(head -> head.value.head().id()).toList());
        for (KeyValue<String, ParkedQueue> head : heads) {
            ParkedEntries.Status status = resolved.get(head.value.head().id());
            if (status != null) {
                resolve(head.key, head.value, status == ParkedEntries.Status.APPLIED);
            }
        }
    }

    /** Applies (retry) or drops (skip) the head, then the waiting records in order until one fails. */
    private void resolve(String key, ParkedQueue queue, boolean retry) {
        ParkedRecord head = queue.head();
        if (retry) {
            Outcome<E> outcome = release(key, head);
            if (outcome.error() != null) {
                entries.failed(head.id(), outcome.error(), clock.instant());
                log.warn("Retry of parked {} failed again: {}", head.id(), outcome.error().toString());
                return;
            }
            entries.applied(head.id(), clock.instant());
        } else {
            entries.skipped(head.id(), clock.instant());
        }
        log.info("Parked {} {}; releasing the {} record(s) of its key waiting behind it", head.id(),
                retry ? "applied" : "skipped", queue.waiting().size());
        List<ParkedRecord> waiting = queue.waiting();
        for (int i = 0; i < waiting.size(); i++) {
            ParkedRecord next = waiting.get(i);
            Outcome<E> outcome = release(key, next);
            if (outcome.error() != null) {
                parked.put(key, new ParkedQueue(waiting.subList(i, waiting.size())));
                entries.failed(next.id(), outcome.error(), clock.instant());
                RuntimeException error = outcome.error();
                forward(next, key, new RecordHeaders(), ParkedEntries.Reason.FAILED, ParkedEntries.messageOf(error),
                        error.getClass().getName(), clock.instant());
                return;
            }
            entries.applied(next.id(), clock.instant());
        }
        parked.delete(key);
    }

    private Outcome<E> release(String key, ParkedRecord record) {
        List<Outcome<E>> outcome = new ArrayList<>(1);
        releasing.releasing(record.position(), () -> outcome.add(
                apply(key, record.value(), record.timestamp(), new RecordHeaders(), record.position())));
        return outcome.get(0);
    }

    private Outcome<E> apply(@Nullable String key, byte @Nullable [] value, long timestamp, Headers headers,
            RecordMetadata source) {
        E event;
        try {
            event = guarded.deserializer().deserialize(source.topic(), headers, value);
        } catch (RuntimeException e) {
            rethrowIfNotTheRecords(e);
            return new Outcome<>(null, e);
        }
        try {
            projection.process(new Record<>(key, event, timestamp, headers));
            return new Outcome<>(event, null);
        } catch (RuntimeException e) {
            rethrowIfNotTheRecords(e);
            return new Outcome<>(event, e);
        }
    }

    private void park(ParkedRecord record, String key, Headers headers, ParkedEntries.Reason reason,
            @Nullable E event, String error, String errorClass) {
        Instant now = clock.instant();
        String tenantId = tenantOf(event != null ? event : decodedOrNull(record, headers));
        entries.park(new ParkedEntries.Parked(record, generation, guarded.name(), key, tenantId, reason, error,
                errorClass, now));
        forward(record, key, headers, reason, error, errorClass, now);
        if (reason == ParkedEntries.Reason.FAILED) {
            log.warn("Parked {} ({}); later records of its key wait behind it until it is retried or skipped",
                    record.id(), error);
        } else {
            log.info("Parked {}: {}", record.id(), error);
        }
    }

    private void forward(ParkedRecord record, String key, Headers original, ParkedEntries.Reason reason,
            String error, String errorClass, Instant at) {
        Headers headers = new RecordHeaders(original.toArray());
        header(headers, "id", record.id());
        header(headers, "generation", String.valueOf(generation));
        header(headers, "projection", guarded.name());
        header(headers, "topic", record.topic());
        header(headers, "partition", String.valueOf(record.partition()));
        header(headers, "offset", String.valueOf(record.offset()));
        header(headers, "reason", reason.name());
        header(headers, "error", error);
        header(headers, "error-class", errorClass);
        header(headers, "parked-at", at.toString());
        context.forward(new Record<>(key, record.value(), record.timestamp(), headers));
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(HEADER + name);
        headers.add(HEADER + name, value.getBytes(StandardCharsets.UTF_8));
    }

    private @Nullable E decodedOrNull(ParkedRecord record, Headers headers) {
        try {
            return guarded.deserializer().deserialize(record.topic(), headers, record.value());
        } catch (RuntimeException e) {
            rethrowIfNotTheRecords(e);
            return null;
        }
    }

    private static @Nullable String tenantOf(@Nullable Object event) {
        if (event instanceof IndexedRecord indexed) {
            Schema.Field field = indexed.getSchema().getField("envelope");
            if (field != null && indexed.get(field.pos()) instanceof EventEnvelope envelope) {
                return envelope.getTenantId();
            }
        }
        return null;
    }

    private ParkedRecord parkedRecord(RecordMetadata source, Record<String, byte[]> record) {
        return new ParkedRecord(
                ParkedRecord.idOf(generation, guarded.name(), source.topic(), source.partition(), source.offset()),
                source.topic(), source.partition(), source.offset(), record.timestamp(), record.value());
    }

    private static String storeKey(@Nullable String key) {
        return key == null ? "" : key;
    }

    private static void rethrowIfNotTheRecords(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MongoException || cause instanceof StreamsException
                    || cause instanceof SchemaRegistryUnreachableException) {
                throw e;
            }
        }
    }

    private record Outcome<E>(@Nullable E event, @Nullable RuntimeException error) {
    }
}

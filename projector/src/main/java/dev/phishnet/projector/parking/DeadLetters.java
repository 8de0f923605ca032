package dev.phishnet.projector.parking;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Puts projections of a topology behind a {@link ParkingProcessor}: the source reads bytes, the guard decodes them
 * and parks what its projection cannot apply. Each guarded projection gets its parking store
 * ({@code <projection>-parked}, in memory and changelogged, so parked queues survive restarts and moves of the task)
 * and a sink node ({@code <processor>-dlq}) to the dead-letter topic.
 * <pre>
 * user-events (bytes) -> users-projection [guard: decode; park, or apply UserProjector; users-parked store]
 *                                                                                   -> users-projection-dlq (sink)
 * </pre>
 */
public final class DeadLetters {

    /** The default dead-letter topic. */
    public static final String TOPIC = "projector-dlq";
    /** How often each task looks for the operators' requests (one MongoDB poll per interval for all tasks). */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private static final String PROJECTION_SUFFIX = "-projection";

    /** One guarded projection: its processor's name, its name in {@code projector_dlq}, its store, its decoder. */
    record Guarded<E>(String processorName, String name, String storeName, Deserializer<E> deserializer,
            ProcessorSupplier<String, E, Void, Void> projection) {
    }

    private final String topic;
    private final ParkedEntries entries;
    private final ParkingRequests requests;
    private final int generation;
    private final Clock clock;
    private final List<String> guardedProcessors = new ArrayList<>();

    /**
     * @param topic the dead-letter topic
     * @param database where {@value ParkedEntries#COLLECTION} lives (one collection for every generation)
     * @param generation the read-model generation the topology writes
     */
    public DeadLetters(String topic, MongoDatabase database, int generation, Clock clock) {
        this.topic = topic;
        this.entries = new ParkedEntries(database.getCollection(ParkedEntries.COLLECTION));
        this.requests = new ParkingRequests(entries, generation, POLL_INTERVAL.toMillis());
        this.generation = generation;
        this.clock = clock;
    }

    /**
     * The supplier of processor {@code processorName} (e.g. {@code users-projection}, parked as {@code users}):
     * {@code projection} behind a guard that decodes with {@code deserializer}. Add the sinks with
     * {@link #addSinks} once every guarded processor is in the topology.
     */
    public <E> ProcessorSupplier<String, byte[], String, byte[]> guard(String processorName,
            Deserializer<E> deserializer, ProcessorSupplier<String, E, Void, Void> projection) {
        String name = processorName.endsWith(PROJECTION_SUFFIX)
                ? processorName.substring(0, processorName.length() - PROJECTION_SUFFIX.length())
                : processorName;
        Guarded<E> guarded = new Guarded<>(processorName, name, name + "-parked", deserializer, projection);
        guardedProcessors.add(processorName);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, byte[], String, byte[]> get() {
                return new ParkingProcessor<>(guarded, entries, requests, generation, POLL_INTERVAL, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // In memory, changelogged: parked queues are few and small, restored from the changelog on start.
                return Set.of(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(guarded.storeName()),
                        Serdes.String(), ParkedQueueSerde.create()));
            }
        };
    }

    /** One sink to the dead-letter topic per guarded processor (each stays in its own sub-topology). */
    public Topology addSinks(Topology topology) {
        for (String processor : guardedProcessors) {
            topology.addSink(processor + "-dlq", topic, new StringSerializer(), new ByteArraySerializer(), processor);
        }
        return topology;
    }
}

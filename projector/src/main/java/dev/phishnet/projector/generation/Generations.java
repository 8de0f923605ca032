package dev.phishnet.projector.generation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.mongodb.client.MongoDatabase;
import dev.phishnet.service.readmodel.ReadModelNames;
import dev.phishnet.service.streams.StreamsApplication;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the projector's Streams applications for every live generation and moves generations along, on one thread of
 * its own that reads {@code projection_generations} every poll interval: starts the applications of a requested
 * generation (its own application ids, so it reads every topic from its start and resumes from its own commits after a
 * restart), measures each generation's progress, switches the queries to the generation being built once it has caught
 * up, and drops a retired generation after the grace period: applications closed, local state, collections, consumer
 * groups and changelog topics deleted.
 */
public final class Generations implements SmartLifecycle {

    static final String LAG_GAUGE = "projector.generation.lag";
    static final String PROGRESS_GAUGE = "projector.rebuild.progress";
    static final String ETA_GAUGE = "projector.rebuild.eta";
    static final String ACTIVE_GAUGE = "projector.generation.active";
    private static final long ADMIN_TIMEOUT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(Generations.class);

    /** One application of one generation, running. */
    private record Running(ProjectionApplication application, Topology topology, StreamsApplication streams) {
    }

    private final List<ProjectionApplication> applications;
    private final GenerationControl control;
    private final LagMeter lagMeter;
    private final Admin admin;
    private final MongoDatabase database;
    private final RebuildSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<Integer, List<Running>> running = new ConcurrentHashMap<>();
    private final Map<Integer, RebuildProgress> progress = new ConcurrentHashMap<>();
    private final Map<Integer, List<Meter>> gauges = new ConcurrentHashMap<>();
    private volatile int active = 1;
    private volatile @Nullable Integer building;
    private Instant nextProgressAt = Instant.MIN;
    private boolean currentEnsured;
    private @Nullable ScheduledExecutorService thread;

    public Generations(List<ProjectionApplication> applications, GenerationControl control, LagMeter lagMeter,
            Admin admin, MongoDatabase database, RebuildSettings settings, MeterRegistry meters, Clock clock) {
        this.applications = List.copyOf(applications);
        this.control = control;
        this.lagMeter = lagMeter;
        this.admin = admin;
        this.database = database;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        Gauge.builder(ACTIVE_GAUGE, this, generations -> generations.active)
                .description("The read-model generation the queries read").register(meters);
    }

    /** The generation the queries read, as last seen. */
    public int active() {
        return active;
    }

    /** The generations whose applications run now (active, building, retired within their grace period). */
    public List<ReadModelNames> running() {
        return running.keySet().stream().sorted().map(ReadModelNames::new).toList();
    }

    /** The state of application {@code name} of the active generation; null while it does not run. */
    public KafkaStreams.@Nullable State state(String name) {
        List<Running> apps = running.get(active);
        if (apps == null) {
            return null;
        }
        return apps.stream().filter(app -> app.application().name().equals(name)).findFirst()
                .map(app -> app.streams().state()).orElse(null);
    }

    /** The last progress measured of a generation, if any. */
    public @Nullable RebuildProgress progress(int generation) {
        return progress.get(generation);
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread generations = new Thread(task, "generations");
            generations.setDaemon(true);
            return generations;
        });
        // The first turn runs before start() returns, so the applications start with the service.
        turn();
        thread.scheduleWithFixedDelay(this::turn, settings.pollInterval().toMillis(),
                settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        // Interrupts a turn waiting on a broker that is away: the next start does it again.
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("The generations thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        // Every application flushes and leaves its group at once, so shutdown takes one close timeout, not the sum.
        List<Running> apps = new ArrayList<>();
        for (int generation : List.copyOf(running.keySet())) {
            List<Running> removed = running.remove(generation);
            if (removed != null) {
                apps.addAll(removed);
            }
        }
        apps.parallelStream().forEach(app -> app.streams().stop());
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /** One turn; an error (MongoDB or Kafka away) is logged and the next turn tries again. */
    void turn() {
        try {
            Instant now = clock.instant();
            if (!currentEnsured) {
                control.ensureCurrent(now);
                currentEnsured = true;
            }
            Control seen = reconciled(now);
            for (int generation : seen.dueForDrop(now)) {
                drop(generation, now);
            }
            seen = control.read();
            SortedSet<Integer> wanted = seen.running();
            for (int generation : List.copyOf(running.keySet())) {
                if (!wanted.contains(generation)) {
                    stopApplications(generation);
                }
            }
            for (int generation : wanted) {
                running.computeIfAbsent(generation, this::startApplications);
            }
            if (!now.isBefore(nextProgressAt)) {
                nextProgressAt = now.plus(settings.progressInterval());
                for (int generation : wanted) {
                    measure(generation, now, true);
                }
            }
            Integer rebuilding = seen.building();
            if (rebuilding != null) {
                // The active generation first: the one being built must have reached where it was a moment ago.
                RebuildProgress serving = measure(seen.active(), now, false);
                RebuildProgress latest = measure(rebuilding, now, false);
                if (seen.switchDue(latest, serving, applicationsRunning(rebuilding), settings.switchLag())
                        && control.switchTo(rebuilding, seen.active(), now)) {
                    log.info("Switched the queries from generation {} to generation {} (lag {}); generation {} is"
                            + " dropped after {}", seen.active(), rebuilding, latest.lag(), seen.active(),
                            settings.gracePeriod());
                    building = null;
                    record(rebuilding, latest);
                    reconciled(now);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Generations turn failed; retrying in {}", settings.pollInterval(), e);
        }
    }

    private Control reconciled(Instant now) {
        Control seen = control.read();
        List<Control.Transition> transitions = seen.reconcile(now, settings.gracePeriod());
        for (Control.Transition transition : transitions) {
            control.apply(transition, now);
            log.info("Generation {} is now {}", transition.generation(), transition.to());
        }
        seen = transitions.isEmpty() ? seen : control.read();
        active = seen.active();
        building = seen.building();
        return seen;
    }

    private List<Running> startApplications(int generation) {
        ReadModelNames names = new ReadModelNames(generation);
        List<Running> started = new ArrayList<>();
        for (ProjectionApplication application : applications) {
            Topology topology = application.topology(names);
            StreamsApplication streams = application.application(names, topology);
            streams.start();
            started.add(new Running(application, topology, streams));
        }
        log.info("Started the applications of generation {}: {}", generation, started.stream()
                .map(app -> app.application().applicationId(names)).toList());
        return List.copyOf(started);
    }

    private void stopApplications(int generation) {
        List<Running> apps = running.remove(generation);
        if (apps != null) {
            apps.forEach(app -> app.streams().stop());
            log.info("Stopped the applications of generation {}", generation);
        }
    }

    private boolean applicationsRunning(int generation) {
        List<Running> apps = running.get(generation);
        return apps != null && apps.stream().allMatch(app -> app.streams().state() == KafkaStreams.State.RUNNING);
    }

    /**
     * Measures one generation's lag over both applications; with {@code record}, keeps it as the generation's
     * progress (its rate counted from the previous one), stores it in its document and, while it is being built,
     * logs it.
     */
    private RebuildProgress measure(int generation, Instant now, boolean record) {
        ReadModelNames names = new ReadModelNames(generation);
        List<PartitionLag> partitions = new ArrayList<>();
        for (ProjectionApplication application : applications) {
            partitions.addAll(lagMeter.measure(application.name(), application.applicationId(names),
                    application.topics()));
        }
        RebuildProgress measured = RebuildProgress.of(partitions, progress.get(generation), now);
        if (record) {
            record(generation, measured);
        }
        return measured;
    }

    private void record(int generation, RebuildProgress measured) {
        progress.put(generation, measured);
        gauges.computeIfAbsent(generation, this::registerGauges);
        control.saveProgress(generation, measured);
        if (Integer.valueOf(generation).equals(building)) {
            log.info(measured.describe(generation));
        }
    }

    private List<Meter> registerGauges(int generation) {
        String tag = Integer.toString(generation);
        List<Meter> registered = new ArrayList<>();
        for (ProjectionApplication application : applications) {
            registered.add(Gauge.builder(LAG_GAUGE, () -> lagOf(generation, application.name()))
                    .tag("generation", tag).tag("application", application.name())
                    .description("Events a generation's application still has to apply").register(meters));
        }
        registered.add(Gauge.builder(PROGRESS_GAUGE, () -> {
            RebuildProgress measured = progress.get(generation);
            return measured == null ? 0 : measured.fraction();
        }).tag("generation", tag).description("Share of the topics a generation has applied, 0 to 1").register(meters));
        registered.add(Gauge.builder(ETA_GAUGE, () -> {
            RebuildProgress measured = progress.get(generation);
            return measured == null || measured.etaSeconds() == null ? Double.NaN : measured.etaSeconds();
        }).tag("generation", tag).baseUnit("seconds").description("When a generation will have caught up")
                .register(meters));
        return registered;
    }

    private double lagOf(int generation, String application) {
        RebuildProgress measured = progress.get(generation);
        return measured == null ? Double.NaN : measured.partitions().stream()
                .filter(partition -> partition.application().equals(application))
                .mapToLong(PartitionLag::lag).sum();
    }

    /** Drops a retired generation; every step is idempotent, so a drop cut short is finished by the next turn. */
    private void drop(int generation, Instant now) {
        ReadModelNames names = new ReadModelNames(generation);
        stopApplications(generation);
        Set<String> groups = new HashSet<>();
        Set<String> changelogs = new HashSet<>();
        for (ProjectionApplication application : applications) {
            String applicationId = application.applicationId(names);
            groups.add(applicationId);
            storeNames(application.topology(names)).forEach(store ->
                    changelogs.add(applicationId + "-" + store + "-changelog"));
            deleteDirectory(application.stateDirectory(names));
            for (String collection : application.collections()) {
                database.getCollection(names.collection(collection)).drop();
            }
        }
        deleteGroups(groups);
        deleteTopics(changelogs);
        control.apply(new Control.Transition(generation, GenerationState.DROPPED, null), now);
        progress.remove(generation);
        List<Meter> registered = gauges.remove(generation);
        if (registered != null) {
            registered.forEach(meters::remove);
        }
        log.info("Dropped generation {}: collections, consumer groups {} and changelog topics deleted", generation,
                groups);
    }

    private static Set<String> storeNames(Topology topology) {
        Set<String> stores = new HashSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        topology.describe().globalStores().forEach(store -> stores.addAll(store.processor().stores()));
        return stores;
    }

    private void deleteGroups(Set<String> groups) {
        admin.deleteConsumerGroups(groups).deletedGroups().forEach((group, deleted) -> {
            try {
                deleted.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    if (e.getCause() instanceof GroupNotEmptyException) {
                        throw new IllegalStateException("consumer group " + group + " still has members", e);
                    }
                    throw new IllegalStateException("could not delete consumer group " + group, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deleting consumer group " + group, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out deleting consumer group " + group, e);
            }
        });
    }

    private void deleteTopics(Set<String> changelogs) {
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> doomed = changelogs.stream().filter(existing::contains).sorted().toList();
            if (!doomed.isEmpty()) {
                admin.deleteTopics(doomed).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting changelog topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not delete changelog topics " + changelogs, e);
        }
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete the local state {}; delete it by hand", directory, e);
        }
    }
}

package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, points 1 and 7: a crash loop with a verifier, then a secrets scan. ./run.sh runs Kafka, the registry,
 * MongoDB and the development issuer ({@code PHISHNET_SERVICES=""}); this test runs command-api (the command
 * processor), the projector and the cleanup-worker itself, each as its own JVM with the environment run.sh would give
 * it, so that it can kill them with SIGKILL. Under a steady load of mixed commands ({@link Load}) each service is
 * killed and restarted {@code chaos.kills} times (default 2; the run is {@code -Dchaos.kills=10}) at random
 * moments ({@link Kills}). Once everything has caught up, the {@link Verifier} holds every answer against the topics
 * and the audit trail, the read models are checked for duplicates and compared with a fresh rebuild
 * ({@link ReadModels}), and every password, refresh token and one-time code the load used is looked for in the bytes
 * at rest ({@link SecretsScan}). The counts are printed and written to {@code report.txt} in the run's directory.
 */
@Tag("chaos")
class CrashLoopIT {

    private static final Logger log = LoggerFactory.getLogger(CrashLoopIT.class);
    private static final int CLIENTS = 3;

    private final Path root = Path.of(System.getProperty("phishnet.root", "..")).toAbsolutePath().normalize();
    private final int kills = Integer.getInteger("chaos.kills", 2);
    private final long seed = Long.getLong("chaos.seed", System.nanoTime());

    @Test
    void everyAnswerMatchesTheTopicsTheAuditTrailAndAFreshRebuildAndNoSecretIsAtRest() throws Exception {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        var workDir = Files.createTempDirectory(base, "chaos-");
        log.info("Crash loop in {}: {} kills of each service, seed {}", workDir, kills, seed);
        Map<String, Long> counts = new TreeMap<>();
        Load load = null;
        var stack = ChaosStack.start(root, workDir, Map.of(), Map.of());
        try {
            var infrastructure = stack.infrastructure();
            var services = stack.services();
            load = new Load(stack.api(), infrastructure.issuer(), CLIENTS);
            var loadStarted = System.nanoTime();
            var warm = load;
            await("the load under way").atMost(ChaosStack.START_TIMEOUT).until(() -> warm.answered() >= 20);
            var chaos = new Kills(seed, Duration.ofSeconds(2), Duration.ofSeconds(10))
                    .run(services, kills, stack::awaitReady);
            chaos.get(kills * 5L + 5, TimeUnit.MINUTES);
            services.forEach(stack::awaitReady);
            load.close();
            counts.put("load seconds", Duration.ofNanos(System.nanoTime() - loadStarted).toSeconds());
            var sent = load.sent();
            log.info("Load stopped after {} requests; waiting for every consumer to catch up", sent.size());

            try (var admin = stack.admin()) {
                ChaosStack.awaitCaughtUp(admin);
                var topics = new ArrayList<>(Verifier.DOMAIN_TOPICS);
                topics.add(Verifier.COMMANDS);
                topics.add(Verifier.AUDIT);
                var read = EventLog.read(infrastructure.kafka(), infrastructure.registry(), topics);

                try (var mongo = MongoClients.create(infrastructure.mongo())) {
                    var db = mongo.getDatabase("phishnet");
                    var verifier = new Verifier();
                    verifier.verify(sent, read, ReadModels.auditDocumentsByCommand(db, "audit_logs"));
                    counts.putAll(verifier.counts());
                    var duplicates = ReadModels.duplicateEmails(db, "users");

                    stack.rebuildTo(2);
                    ChaosStack.awaitCaughtUp(admin);
                    var compared = ReadModels.compare(db);
                    duplicates = new ArrayList<>(duplicates);
                    duplicates.addAll(ReadModels.duplicateEmails(db, "users_g2"));
                    compared.forEach(c -> counts.put("read-model documents compared: " + c.collection(), c.live()));
                    services.forEach(service -> counts.put("kills of " + service.name(), (long) service.kills()));

                    var report = report(counts, verifier, compared, duplicates);
                    log.info("Crash loop report (seed {}):\n{}", seed, report);
                    Files.writeString(workDir.resolve("report.txt"), report);

                    assertThat(services).allSatisfy(service -> assertThat(service.kills()).as(service.name())
                            .isEqualTo(kills));
                    assertThat(counts.getOrDefault("requests 2xx", 0L)).as("requests that succeeded").isPositive();
                    assertThat(verifier.problems()).as("answers that the topics or the audit trail contradict")
                            .isEmpty();
                    assertThat(duplicates).as("users with one email twice").isEmpty();
                    ReadModels.assertEqualToRebuild(compared);
                }
            }
        } finally {
            if (load != null) {
                load.close();
            }
            stack.close();
        }
        secretsAtRest(workDir, stack.infrastructure(), load);
    }

    /** Point 7: after the run, with everything stopped (every log complete, every store flushed). */
    private void secretsAtRest(Path workDir, Infrastructure infrastructure, Load load) throws IOException {
        var data = infrastructure.dataDir();
        var kafka = new SecretsScan(List.of(data.resolve("kafka/data")));
        var mongo = new SecretsScan(List.of(data.resolve("mongo")));
        var logs = new SecretsScan(List.of(data.resolve("logs"), workDir.resolve("logs"),
                infrastructure.outputFile()));
        // The scans read what is stored: password hashes in the records, the users in MongoDB's file.
        assertThat(kafka.holding("$argon2")).as("Kafka files with an Argon2 hash").isNotEmpty();
        assertThat(mongo.holding("$argon2").size() + mongo.holding("chaos-").size()).as("MongoDB files with data")
                .isPositive();
        var passwords = load.passwords();
        var refreshTokens = load.refreshTokens();
        var codes = load.codes();
        log.info("Scanning {} Kafka files ({} MB), {} MongoDB files ({} MB) and {} logs ({} MB) for {} passwords, "
                        + "{} refresh tokens and {} one-time codes", kafka.fileCount(), kafka.bytes() >> 20,
                mongo.fileCount(), mongo.bytes() >> 20, logs.fileCount(), logs.bytes() >> 20, passwords.size(),
                refreshTokens.size(), codes.size());
        var found = SecretsScan.findingsOf(load, List.of(kafka, mongo, logs));
        log.info("Secrets scan: {} findings", found.size());
        assertThat(passwords).as("passwords the load used").isNotEmpty();
        assertThat(refreshTokens).as("refresh tokens the load was handed").isNotEmpty();
        assertThat(found).as("secrets at rest").isEmpty();
    }

    private static String report(Map<String, Long> counts, Verifier verifier, List<ReadModels.Compared> compared,
            List<String> duplicates) {
        return new RunReport(counts, "the kills", compared).withProblems(verifier, compared, duplicates);
    }
}

package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * The read models of generation 1 (built live, through the kills) against those of generation 2 (a fresh rebuild
 * from the topics, after the run): each collection {@code <name>} against {@code <name>_g2}, document by document,
 * as a SHA-256 over the documents in {@code _id} order, each in canonical JSON without the fields that legitimately
 * differ between two builds ({@link #IGNORED}).
 */
final class ReadModels {

    /**
     * Collections that are not read models: the projector's own bookkeeping of a generation (its consumer offsets,
     * parked events, retention runs), which a rebuild by definition does not copy.
     */
    static final Set<String> NOT_READ_MODELS = Set.of("projection_checkpoints", "projection_generations",
            "projector_dlq", "retention_jobs");

    /** Fields that differ between two builds of the same events, per collection; justified one by one. */
    static final Map<String, Set<String>> IGNORED = Map.of();

    /** One collection compared. */
    record Compared(String collection, long live, long rebuilt, String liveChecksum, String rebuiltChecksum,
            List<String> differences) {

        boolean equal() {
            return live == rebuilt && liveChecksum.equals(rebuiltChecksum);
        }
    }

    private ReadModels() {
    }

    static List<Compared> compare(MongoDatabase db) {
        var names = db.listCollectionNames().into(new ArrayList<>());
        List<Compared> compared = new ArrayList<>();
        for (var name : names.stream().sorted().toList()) {
            if (!name.endsWith("_g2")) {
                continue;
            }
            var live = name.substring(0, name.length() - 3);
            if (NOT_READ_MODELS.contains(live)) {
                continue;
            }
            compared.add(compare(db, live, name));
        }
        return compared;
    }

    private static Compared compare(MongoDatabase db, String live, String rebuilt) {
        var ignored = IGNORED.getOrDefault(live, Set.of());
        Map<String, String> liveDocs = canonical(db, live, ignored);
        Map<String, String> rebuiltDocs = canonical(db, rebuilt, ignored);
        List<String> differences = new ArrayList<>();
        for (var id : liveDocs.keySet()) {
            if (!rebuiltDocs.containsKey(id)) {
                differences.add("only live: " + liveDocs.get(id));
            } else if (!rebuiltDocs.get(id).equals(liveDocs.get(id))) {
                differences.add("live:    " + liveDocs.get(id) + "\n      rebuilt: " + rebuiltDocs.get(id));
            }
        }
        rebuiltDocs.keySet().stream().filter(id -> !liveDocs.containsKey(id))
                .forEach(id -> differences.add("only rebuilt: " + rebuiltDocs.get(id)));
        return new Compared(live, liveDocs.size(), rebuiltDocs.size(), checksum(liveDocs), checksum(rebuiltDocs),
                differences);
    }

    /** _id (as JSON) -> the document as canonical JSON: keys sorted at every level, ignored fields left out. */
    private static Map<String, String> canonical(MongoDatabase db, String collection, Set<String> ignored) {
        Map<String, String> documents = new TreeMap<>();
        for (var document : db.getCollection(collection).find().sort(Sorts.ascending("_id"))) {
            var id = new Document("id", document.get("_id")).toJson();
            var previous = documents.put(id, sorted(document, ignored).toJson());
            if (previous != null) {
                throw new IllegalStateException(collection + " holds _id " + id + " twice");
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Document sorted(Map<String, Object> document, Set<String> ignored) {
        var sorted = new Document();
        new TreeMap<>(document).forEach((key, value) -> {
            if (ignored.contains(key)) {
                return;
            }
            sorted.append(key, value instanceof Map<?, ?> nested ? sorted((Map<String, Object>) nested, Set.of())
                    : value instanceof List<?> list ? list.stream().map(item -> item instanceof Map<?, ?> map
                            ? sorted((Map<String, Object>) map, Set.of()) : item).toList() : value);
        });
        return sorted;
    }

    private static String checksum(Map<String, String> documents) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            documents.values().forEach(json -> digest.update((json + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Users with one email twice in a tenant (registration's uniqueness lost somewhere), in any generation. */
    static List<String> duplicateEmails(MongoDatabase db, String collection) {
        Map<String, List<Object>> byEmail = new HashMap<>();
        for (var user : db.getCollection(collection).find()) {
            byEmail.computeIfAbsent(user.get("tenantId") + "/" + user.get("email"), key -> new ArrayList<>())
                    .add(user.get("_id"));
        }
        return byEmail.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> entry.getKey() + " " + entry.getValue()).toList();
    }

    /** commandId -> how many audit documents name it. */
    static Map<String, Long> auditDocumentsByCommand(MongoDatabase db, String collection) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var entry : db.getCollection(collection).find()) {
            counts.merge(String.valueOf(entry.get("commandId")), 1L, Long::sum);
        }
        return counts;
    }

    static String summary(List<Compared> compared) {
        return compared.stream().map(c -> String.format("  %-22s live %6d  rebuilt %6d  %s", c.collection(), c.live(),
                c.rebuilt(), c.equal() ? "equal (sha256 " + c.liveChecksum().substring(0, 16) + ")" : "DIFFERENT"))
                .collect(Collectors.joining("\n"));
    }

    /** Read models were compared, and each equals its rebuild (its first differences named otherwise). */
    static void assertEqualToRebuild(List<Compared> compared) {
        assertThat(compared).as("read models compared").isNotEmpty()
                .allSatisfy(c -> assertThat(c.equal())
                        .as("%s equals its rebuild; differences:%n%s", c.collection(),
                                String.join("\n", c.differences().stream().limit(10).toList()))
                        .isTrue());
    }
}

package dev.phishnet.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory registry behind {@code mock://<scope>} URLs, for tests: ids 1, 2, 3... per scope, the same compatibility
 * rules as a real registry (BACKWARD by default), and the same exceptions as the HTTP client.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    public static final String URL_PREFIX = "mock://";

    /** Serializers of one test find each other's schemas only through a shared scope: the one static map allowed. */
    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistry());
    }

    /** Forgets everything registered in the scope. */
    public static void drop(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idsBySchema.get(schema);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        checkCompatibility(subject, schema, versions);
        int id = idsBySchema.computeIfAbsent(schema, s -> idsBySchema.size() + 1);
        schemasById.put(id, schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaNotRegisteredException("Subject '" + subject + "' not found", 40401);
        }
        Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaNotRegisteredException("Schema " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' (and auto-registration is off)", 40403);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new UnknownSchemaIdException(id, "not in mock registry");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaNotRegisteredException("Subject '" + subject + "' has no registered version", 40401);
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id));
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    @Override
    public synchronized List<String> subjects() {
        return versionsBySubject.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private void checkCompatibility(String subject, Schema candidate, List<Integer> versions) {
        CompatibilityLevel level = subjectLevels.getOrDefault(subject, globalLevel);
        if (versions.isEmpty() || level == CompatibilityLevel.NONE) {
            return;
        }
        List<Integer> checked = level.transitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        List<String> problems = new ArrayList<>();
        for (int id : checked) {
            Schema earlier = schemasById.get(id);
            if (level.backward()) {
                problems.addAll(ReaderWriterCheck.problems(candidate, earlier));
            }
            if (level.forward()) {
                problems.addAll(ReaderWriterCheck.problems(earlier, candidate));
            }
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException(subject, level + " check failed: " + String.join("; ", problems));
        }
    }
}

package dev.phishnet.schemas.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers ids and schemas, which a registry never changes once assigned, so that after warm-up producers and
 * consumers keep working through a registry outage and pay no round trip per record.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record CachedLatest(RegisteredSchema schema, long fetchedAtNanos) {
    }

    private final SchemaRegistryClient delegate;
    private final Duration latestTtl;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, CachedLatest> latest = new ConcurrentHashMap<>();

    /** @param latestTtl how long a latest version is reused; null for ever */
    public CachingSchemaRegistryClient(SchemaRegistryClient delegate, Duration latestTtl) {
        this.delegate = delegate;
        this.latestTtl = latestTtl;
    }

    @Override
    public int register(String subject, Schema schema) {
        return ids.computeIfAbsent(new SubjectSchema(subject, schema), key -> remember(delegate.register(subject, schema), schema));
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        return ids.computeIfAbsent(new SubjectSchema(subject, schema), key -> remember(delegate.lookupId(subject, schema), schema));
    }

    @Override
    public Schema schemaById(int id) {
        return schemas.computeIfAbsent(id, delegate::schemaById);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        CachedLatest cached = latest.get(subject);
        if (cached != null && (latestTtl == null || System.nanoTime() - cached.fetchedAtNanos() < latestTtl.toNanos())) {
            return cached.schema();
        }
        RegisteredSchema fresh = delegate.latest(subject);
        remember(fresh.id(), fresh.schema());
        ids.putIfAbsent(new SubjectSchema(subject, fresh.schema()), fresh.id());
        latest.put(subject, new CachedLatest(fresh, System.nanoTime()));
        return fresh;
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        delegate.setGlobalCompatibility(level);
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return delegate.subjectCompatibility(subject);
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        delegate.setSubjectCompatibility(subject, level);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    private int remember(int id, Schema schema) {
        schemas.putIfAbsent(id, schema);
        return id;
    }
}

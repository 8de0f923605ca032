package dev.phishnet.projector.streams;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.streams.state.StoreBuilder;

/** Builds one {@link MongoSink} per task. No changelog, no cache: MongoDB is where its writes last. */
public final class MongoSinkBuilder implements StoreBuilder<MongoSink> {

    private final String name;
    private final Supplier<MongoSink> sink;

    public MongoSinkBuilder(String name, Supplier<MongoSink> sink) {
        this.name = name;
        this.sink = sink;
    }

    @Override
    public MongoSink build() {
        return sink.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean loggingEnabled() {
        return false;
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public StoreBuilder<MongoSink> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<MongoSink> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<MongoSink> withLoggingEnabled(Map<String, String> config) {
        return this;
    }

    @Override
    public StoreBuilder<MongoSink> withLoggingDisabled() {
        return this;
    }
}

package dev.phishnet.projector.streams;

import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.projector.user.UserView;
import dev.phishnet.schemas.user.UserEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves each user's view forward in the local store by its events and stages the view's upsert in the sink. The
 * local store holds the whole view, so a profile update (which names only what changed) needs no read of MongoDB.
 */
final class UserProjector implements Processor<String, UserEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, UserView> views;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.views = context.getStateStore(ProjectorTopology.USER_VIEWS);
        this.sink = context.getStateStore(ProjectorTopology.USERS_SINK);
    }

    @Override
    public void process(Record<String, UserEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        UserEvent event = record.value();
        if (event == null) {
            sink.advance(source);
            return;
        }
        String userId = event.getEnvelope().getAggregateId();
        UserView current = views.get(userId);
        UserView next = UserView.project(current, event);
        if (next == null) {
            sink.advance(source);
            return;
        }
        if (!next.equals(current)) {
            views.put(userId, next);
        }
        // Staged even when the event changed nothing: with at-least-once the local store (restored from its
        // changelog) can be ahead of MongoDB after a crash, and the redelivered events are what bring MongoDB up
        // to it. The upsert only moves a document forward, so it costs a no-op otherwise.
        sink.stage(userId, UserDocuments.upsert(next), source);
    }
}

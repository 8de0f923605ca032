package dev.phishnet.projector.streams;

import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.session.SessionView;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionsPurged;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves each session's view forward in the local store by its events and stages the view's upsert in the sink. The
 * local store holds the whole view, keyed by session id (all the sessions of a user are on its partition), so a
 * refresh or an end (which name only the session) needs no read of MongoDB. {@code SessionsPurged} deletes the views
 * and documents of the ended sessions it names.
 */
final class SessionProjector implements Processor<String, SessionEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, SessionView> views;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.views = context.getStateStore(ProjectorTopology.SESSION_VIEWS);
        this.sink = context.getStateStore(ProjectorTopology.SESSIONS_SINK);
    }

    @Override
    public void process(Record<String, SessionEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        SessionEvent event = record.value();
        if (event != null && event.getPayload() instanceof SessionsPurged purged) {
            purge(purged, event.getEnvelope().getAggregateVersion(), source);
            return;
        }
        // Failed logins, lockouts (AddressLockedOut too, keyed ip:<address>), codes and settings name no session.
        String sessionId = event != null ? SessionView.sessionIdOf(event) : null;
        if (event == null || sessionId == null) {
            sink.advance(source);
            return;
        }
        SessionView current = views.get(sessionId);
        SessionView next = SessionView.project(current, event);
        if (next == null) {
            sink.advance(source);
            return;
        }
        if (!next.equals(current)) {
            views.put(sessionId, next);
        }
        // Staged even when the event changed nothing: the local store can be ahead of MongoDB after a crash (see
        // UserProjector), and the upsert only moves a document forward.
        sink.stage(sessionId, SessionDocuments.upsert(next), source);
    }

    /**
     * Ended sessions past their retention: their views leave the store and their documents MongoDB. A replay that
     * starts one of them again is followed by this purge again, so the delete still has the last word.
     */
    private void purge(SessionsPurged purged, long version, RecordMetadata source) {
        if (purged.getSessionIds().isEmpty()) {
            sink.advance(source);
            return;
        }
        for (String sessionId : purged.getSessionIds()) {
            views.delete(sessionId);
            sink.stage(sessionId, SessionDocuments.delete(sessionId, version), source);
        }
    }
}

package dev.phishnet.projector.streams;

import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.projector.user.UserSecurity;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.SecuritySettingsChanged;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Stages onto the user's document how far the user's sessions aggregate has been projected ({@code sessionsVersion},
 * which consistency tokens of session commands wait on: not every session event changes a session document) and the
 * security settings of {@code SecuritySettingsChanged}. The events carry all it needs, so it keeps no local state;
 * events keyed by an address ({@code ip:...}) only move the checkpoint.
 */
final class UserSecurityProjector implements Processor<String, SessionEvent, Void, Void> {

    private static final String ADDRESS_KEY_PREFIX = "ip:";
    private static final String SESSIONS_VERSION = "sessionsVersion:";

    private ProcessorContext<Void, Void> context;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.sink = context.getStateStore(ProjectorTopology.USER_SECURITY_SINK);
    }

    @Override
    public void process(Record<String, SessionEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        SessionEvent event = record.value();
        if (event == null || record.key() == null || record.key().startsWith(ADDRESS_KEY_PREFIX)) {
            sink.advance(source);
            return;
        }
        EventEnvelope envelope = event.getEnvelope();
        String userId = envelope.getAggregateId();
        // Two writes of one document, staged apart: each replaces only an earlier write of its own kind.
        sink.stage(SESSIONS_VERSION + userId,
                UserDocuments.sessionsVersionUpdate(userId, envelope.getAggregateVersion()), source);
        if (event.getPayload() instanceof SecuritySettingsChanged changed) {
            sink.stage(userId, UserDocuments.securityUpdate(userId, UserSecurity.of(changed.getSettings()),
                    envelope.getAggregateVersion()), source);
        }
    }
}

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
 * Stages the security settings of {@code SecuritySettingsChanged} onto the user's document. The event carries the
 * whole policy, so it needs no local state; every other session event only moves the checkpoint.
 */
final class UserSecurityProjector implements Processor<String, SessionEvent, Void, Void> {

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
        if (event == null || !(event.getPayload() instanceof SecuritySettingsChanged changed)) {
            sink.advance(source);
            return;
        }
        EventEnvelope envelope = event.getEnvelope();
        String userId = envelope.getAggregateId();
        sink.stage(userId, UserDocuments.securityUpdate(userId, UserSecurity.of(changed.getSettings()),
                envelope.getAggregateVersion()), source);
    }
}

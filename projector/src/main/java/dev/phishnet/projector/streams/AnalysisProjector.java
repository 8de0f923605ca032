package dev.phishnet.projector.streams;

import dev.phishnet.projector.analysis.AnalysisDocuments;
import dev.phishnet.projector.analysis.AnalysisView;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves each analysis' view forward in the local store by its events and stages the view's upsert in the sink; a
 * purge deletes both. The local store holds the whole view, so a result (which names only itself) needs no read of
 * MongoDB.
 */
final class AnalysisProjector implements Processor<String, AnalysisEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, AnalysisView> views;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.views = context.getStateStore(ProjectorTopology.ANALYSIS_VIEWS);
        this.sink = context.getStateStore(ProjectorTopology.EMAIL_ANALYSES_SINK);
    }

    @Override
    public void process(Record<String, AnalysisEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        AnalysisEvent event = record.value();
        if (event == null) {
            sink.advance(source);
            return;
        }
        String analysisId = event.getEnvelope().getAggregateId();
        if (AnalysisView.purges(event)) {
            views.delete(analysisId);
            sink.stage(analysisId, AnalysisDocuments.delete(analysisId), source);
            return;
        }
        AnalysisView current = views.get(analysisId);
        AnalysisView next = AnalysisView.project(current, event);
        if (next == null) {
            sink.advance(source);
            return;
        }
        if (!next.equals(current)) {
            views.put(analysisId, next);
        }
        // Staged even when the event changed nothing: the local store can be ahead of MongoDB after a crash (see
        // UserProjector), and the upsert only moves a document forward.
        sink.stage(analysisId, AnalysisDocuments.upsert(next), source);
    }
}

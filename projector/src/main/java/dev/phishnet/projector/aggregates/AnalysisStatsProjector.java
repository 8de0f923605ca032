package dev.phishnet.projector.aggregates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.WriteModel;
import dev.phishnet.projector.streams.MongoSink;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.bson.Document;

/**
 * Moves an analysis's contribution from the counts of its day (its user's and its tenant's) to where the event puts
 * it, and stages the changed counts of this partition, as absolute values, in the sink. The counts live in the
 * task's store, committed with the offsets (exactly once), so a replay after a crash recomputes the same values
 * and the writes it repeats are the same writes.
 */
final class AnalysisStatsProjector implements Processor<String, AnalysisEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, AnalysisContribution> contributions;
    private KeyValueStore<String, AnalysisCounts> counts;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.contributions = context.getStateStore(AggregatesTopology.ANALYSIS_CONTRIBUTIONS);
        this.counts = context.getStateStore(AggregatesTopology.ANALYSIS_COUNTS);
        this.sink = context.getStateStore(AggregatesTopology.ANALYSIS_STATS_SINK);
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
        AnalysisContribution current = contributions.get(analysisId);
        if (event.getPayload() instanceof AnalysisPurged) {
            // Historical counts: a purged analysis stays counted on its day; only its contribution is forgotten.
            if (current != null) {
                contributions.delete(analysisId);
            }
            sink.advance(source);
            return;
        }
        AnalysisContribution next = AnalysisContribution.evolve(current, event);
        if (next == null || next == current) {
            sink.advance(source);
            return;
        }
        contributions.put(analysisId, next);
        Map<String, WriteModel<Document>> writes = new LinkedHashMap<>();
        for (DayKey day : List.of(next.userDay(), next.userDay().wholeTenant())) {
            AnalysisCounts before = counts.get(day.id());
            AnalysisCounts after = (before != null ? before : AnalysisCounts.NONE).plus(next);
            if (current != null) {
                after = after.minus(current);
            }
            counts.put(day.id(), after);
            writes.put(day.id(), DayParts.upsert(day, source.partition(), source.offset(), after.toDocument()));
        }
        sink.stageAll(writes, source);
    }
}

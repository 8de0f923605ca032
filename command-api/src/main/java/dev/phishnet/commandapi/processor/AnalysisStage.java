package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.phishnet.commandapi.analysis.Analysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand;
import dev.phishnet.commandapi.analysis.AnalysisCommand.CompleteAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.PurgeAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.RecordIndicatorLookup;
import dev.phishnet.commandapi.analysis.AnalysisCommand.RequestAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisDecider;
import dev.phishnet.commandapi.analysis.AnalysisEvent;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisRequested;
import dev.phishnet.commandapi.analysis.Lookup;
import dev.phishnet.commandapi.messages.AnalysisCommands;
import dev.phishnet.commandapi.messages.AnalysisEvents;
import dev.phishnet.commandapi.messages.IndicatorCommands;
import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.command.CommandEnvelope;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides analysis commands on the analysis's partition: loads it, calls the pure decider, writes the published events
 * and the new state (deleting it once purged). A new analysis sends one {@code LookUpIndicator} per value to look up
 * to that indicator's partition, in the same transaction; their answers come back as {@code RecordIndicatorLookup}.
 * A caller's command is audited and answered; the processor's own hops (lookup answers) and the cleanup worker's
 * purges are neither: a retention run is audited as a whole, and nobody waits on those.
 */
final class AnalysisStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String RESOURCE = "analysis";
    private static final Logger log = LoggerFactory.getLogger(AnalysisStage.class);
    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID, "the command's key does not name its analysis");

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Analysis> analyses;

    AnalysisStage(AuditAndReply auditAndReply, Clock clock) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.analyses = context.getStateStore(CommandProcessorTopology.ANALYSES_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        String action = AnalysisCommands.action(command);
        AnalysisCommand analysisCommand;
        try {
            analysisCommand = AnalysisCommands.toAnalysisCommand(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            conclude(record, command, null, audited(action, command.getAggregateId(), 0, Map.of()),
                    Optional.of(Rejection.of(INVALID, "malformed command: " + e.getMessage())), Map.of());
            return;
        }
        String analysisId = analysisCommand.analysisId().value();
        if (!record.key().equals(RoutingKeys.analysis(analysisCommand.analysisId()))) {
            conclude(record, command, analysisCommand, audited(action, analysisId, 0, Map.of()),
                    Optional.of(KEY_MISMATCH), Map.of());
            return;
        }
        Optional<Analysis> state = Optional.ofNullable(analyses.get(analysisId));
        // Milliseconds, as on the topics: the requestedAt a purge is judged by is exactly the one published.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Decision<AnalysisEvent> decision = AnalysisDecider.decide(state, analysisCommand, now);
        Optional<Analysis> next = append(record, command, analysisId, state, decision, now);
        Optional<Rejection> rejection = decision instanceof Decision.Rejected<AnalysisEvent> rejected
                ? Optional.of(rejected.rejection()) : Optional.empty();
        long version = next.or(() -> state).filter(analysis -> analysis.belongsTo(analysisCommand.tenantId()))
                .map(Analysis::version).orElse(0L);
        Map<String, String> details = new HashMap<>();
        if (analysisCommand instanceof RequestAnalysis && rejection.isEmpty()) {
            details.put("existing", Boolean.toString(state.isPresent()));
        }
        next.ifPresent(analysis -> details.put("status", analysis.status().name().toLowerCase(Locale.ROOT)));
        Map<String, String> auditDetails = new HashMap<>(details);
        if (analysisCommand instanceof CompleteAnalysis complete) {
            auditDetails.put("threatLevel", complete.threatLevel().name().toLowerCase(Locale.ROOT));
        }
        conclude(record, command, analysisCommand, audited(action, analysisId, version, auditDetails), rejection,
                details);
    }

    /** Publishes the decision's events under consecutive versions, stores the state they lead to, sends lookups. */
    private Optional<Analysis> append(Record<String, CommandEnvelope> cause, CommandEnvelope command,
            String analysisId, Optional<Analysis> state, Decision<AnalysisEvent> decision, Instant now) {
        Optional<Analysis> next = state;
        int index = 0;
        for (AnalysisEvent event : decision.events()) {
            next = AnalysisDecider.evolve(next, event);
            if (!event.published()) {
                continue;
            }
            long version = next.map(Analysis::version).orElseGet(() -> state.map(Analysis::version).orElse(0L) + 1);
            var envelope = Outcomes.envelope(command, Outcomes.derivedId(command, "event:" + index++), analysisId,
                    version, now);
            context.forward(new Record<>(analysisId, AnalysisEvents.toMessage(event, envelope), cause.timestamp()),
                    CommandProcessorTopology.ANALYSIS_EVENTS_SINK);
            if (event instanceof AnalysisRequested requested) {
                for (Lookup lookup : requested.lookups()) {
                    lookUp(cause, command, analysisId, lookup, now);
                }
            }
        }
        if (next.isEmpty() && state.isPresent()) {
            analyses.delete(analysisId);
        } else if (next.isPresent() && !next.equals(state)) {
            analyses.put(analysisId, next.get());
        }
        return next;
    }

    /** A processor-internal hop to the indicator's partition: no reply awaited, nothing audited. */
    private void lookUp(Record<String, CommandEnvelope> cause, CommandEnvelope command, String analysisId,
            Lookup lookup, Instant now) {
        String indicatorId = lookup.indicatorId().value();
        CommandEnvelope lookUp = new CommandEnvelope(Outcomes.derivedId(command, "look-up:" + indicatorId),
                Outcomes.derivedId(command, "look-up-correlation:" + indicatorId), command.getTenantId(),
                indicatorId, now, Outcomes.PROCESSOR, null, null, IndicatorCommands.lookUp(analysisId, lookup));
        context.forward(new Record<>(RoutingKeys.indicator(lookup.indicatorId()), lookUp, cause.timestamp()),
                CommandProcessorTopology.COMMANDS_SINK);
    }

    private void conclude(Record<String, CommandEnvelope> record, CommandEnvelope command,
            AnalysisCommand analysisCommand, Audited audited, Optional<Rejection> rejection,
            Map<String, String> replyDetails) {
        if (analysisCommand instanceof RecordIndicatorLookup || analysisCommand instanceof PurgeAnalysis
                || Outcomes.issuedByProcessor(command)) {
            rejection.ifPresent(refused -> log.info("Dropped {} of analysis {}: {}", audited.action(),
                    audited.resourceId(), refused.message()));
            return;
        }
        if (rejection.isPresent()) {
            auditAndReply.rejected(context, record, command, audited, rejection.get());
        } else {
            auditAndReply.accepted(context, record, command, audited, replyDetails);
        }
    }

    private static Audited audited(String action, String analysisId, long version, Map<String, String> details) {
        return new Audited(action != null ? action : "analysis.unknown", RESOURCE, analysisId, version, details);
    }
}

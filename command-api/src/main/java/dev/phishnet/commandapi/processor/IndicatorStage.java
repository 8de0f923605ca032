package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.messages.AnalysisCommands;
import dev.phishnet.commandapi.messages.IndicatorCommands;
import dev.phishnet.commandapi.messages.IndicatorEvents;
import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.threatintel.Indicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.LookUpIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.PurgeIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorDecider;
import dev.phishnet.commandapi.threatintel.IndicatorEvent;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorReported;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.LookUpAnswered;
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
 * Decides indicator commands on the indicator's partition: loads it, calls the pure decider, writes the published
 * events and the new state (deleting it once purged). A lookup is answered to its analysis's partition with a
 * {@code RecordIndicatorLookup}, in the same transaction: a processor-internal hop, neither audited nor answered. A
 * caller's report or retirement is audited and answered; the cleanup worker's purges are not, one by one.
 */
final class IndicatorStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String RESOURCE = "indicator";
    private static final Logger log = LoggerFactory.getLogger(IndicatorStage.class);
    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID,
            "the command's key does not name its indicator");

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Indicator> indicators;

    IndicatorStage(AuditAndReply auditAndReply, Clock clock) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.indicators = context.getStateStore(CommandProcessorTopology.INDICATORS_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        String action = IndicatorCommands.action(command);
        IndicatorCommand indicatorCommand;
        try {
            indicatorCommand = IndicatorCommands.toIndicatorCommand(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            conclude(record, command, null, audited(action, command.getAggregateId(), 0, Map.of()),
                    Optional.of(Rejection.of(INVALID, "malformed command: " + e.getMessage())), Map.of());
            return;
        }
        String indicatorId = indicatorCommand.indicatorId().value();
        if (!record.key().equals(RoutingKeys.indicator(indicatorCommand.indicatorId()))) {
            conclude(record, command, indicatorCommand, audited(action, indicatorId, 0, Map.of()),
                    Optional.of(KEY_MISMATCH), Map.of());
            return;
        }
        Optional<Indicator> state = Optional.ofNullable(indicators.get(indicatorId));
        // Milliseconds, as on the topics: the lastSeenAt a purge names is exactly the one published.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Decision<IndicatorEvent> decision = IndicatorDecider.decide(state, indicatorCommand, now);
        Optional<Indicator> next = append(record, command, indicatorId, state, decision, now);
        Optional<Rejection> rejection = decision instanceof Decision.Rejected<IndicatorEvent> rejected
                ? Optional.of(rejected.rejection()) : Optional.empty();
        long version = next.or(() -> state).filter(indicator -> indicator.belongsTo(indicatorCommand.tenantId()))
                .map(Indicator::version).orElse(0L);
        Map<String, String> details = new HashMap<>();
        decision.events().stream().filter(IndicatorReported.class::isInstance).map(IndicatorReported.class::cast)
                .findFirst().ifPresent(reported -> details.put("created", Boolean.toString(reported.created())));
        next.ifPresent(indicator -> {
            details.put("indicatorType", indicator.type().name().toLowerCase(Locale.ROOT));
            details.put("active", Boolean.toString(indicator.active()));
        });
        conclude(record, command, indicatorCommand, audited(action, indicatorId, version, details), rejection,
                details);
    }

    private Optional<Indicator> append(Record<String, CommandEnvelope> cause, CommandEnvelope command,
            String indicatorId, Optional<Indicator> state, Decision<IndicatorEvent> decision, Instant now) {
        Optional<Indicator> next = state;
        int index = 0;
        for (IndicatorEvent event : decision.events()) {
            next = IndicatorDecider.evolve(next, event);
            if (event instanceof LookUpAnswered answered) {
                answer(cause, command, answered, now);
                continue;
            }
            long version = next.map(Indicator::version)
                    .orElseGet(() -> state.map(Indicator::version).orElse(0L) + 1);
            var envelope = Outcomes.envelope(command, Outcomes.derivedId(command, "event:" + index++), indicatorId,
                    version, now);
            context.forward(new Record<>(indicatorId, IndicatorEvents.toMessage(event, envelope), cause.timestamp()),
                    CommandProcessorTopology.THREAT_INTEL_EVENTS_SINK);
        }
        if (next.isEmpty() && state.isPresent()) {
            indicators.delete(indicatorId);
        } else if (next.isPresent() && !next.equals(state)) {
            indicators.put(indicatorId, next.get());
        }
        return next;
    }

    /** The lookup's answer, sent on to the analysis's partition under the lookup's correlation. */
    private void answer(Record<String, CommandEnvelope> cause, CommandEnvelope lookUp, LookUpAnswered answered,
            Instant now) {
        AnalysisId analysisId;
        try {
            analysisId = AnalysisId.of(answered.analysisId());
        } catch (IllegalArgumentException notAnId) {
            log.warn("Dropped the answer to lookup {}: it names no analysis", lookUp.getCommandId());
            return;
        }
        CommandEnvelope record = new CommandEnvelope(Outcomes.derivedId(lookUp, "look-up-answer"),
                lookUp.getCorrelationId(), lookUp.getTenantId(), analysisId.value(), now, Outcomes.PROCESSOR, null,
                null, AnalysisCommands.recordLookup(answered.indicatorId(), answered.matches()));
        context.forward(new Record<>(RoutingKeys.analysis(analysisId), record, cause.timestamp()),
                CommandProcessorTopology.COMMANDS_SINK);
    }

    private void conclude(Record<String, CommandEnvelope> record, CommandEnvelope command,
            IndicatorCommand indicatorCommand, Audited audited, Optional<Rejection> rejection,
            Map<String, String> replyDetails) {
        if (indicatorCommand instanceof LookUpIndicator || indicatorCommand instanceof PurgeIndicator
                || Outcomes.issuedByProcessor(command)) {
            rejection.ifPresent(refused -> log.info("Dropped {} of indicator {}: {}", audited.action(),
                    audited.resourceId(), refused.message()));
            return;
        }
        if (rejection.isPresent()) {
            auditAndReply.rejected(context, record, command, audited, rejection.get());
        } else {
            auditAndReply.accepted(context, record, command, audited, replyDetails);
        }
    }

    private static Audited audited(String action, String indicatorId, long version, Map<String, String> details) {
        return new Audited(action != null ? action : "threat-intel.unknown", RESOURCE, indicatorId, version, details);
    }
}

package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;

import java.time.Clock;

import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.messages.UserCommands;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.claim.EmailClaim;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand.ClaimEmail;
import dev.phishnet.commandapi.user.claim.EmailClaimDecider;
import dev.phishnet.commandapi.user.claim.EmailClaimEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.user.ReleaseEmail;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First hop of a registration, on the partition of its email address: claims the address for the new user and, once
 * it holds, passes the same command on to the user's partition. A refused claim is the registration's outcome; a
 * granted one is not yet, so it neither replies nor audits. Also frees addresses when the second hop refuses.
 */
final class EmailClaimStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(EmailClaimStage.class);
    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID,
            "the command's key does not name its normalized email address", "email");

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, EmailClaim> claims;

    EmailClaimStage(AuditAndReply auditAndReply, Clock clock) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.claims = context.getStateStore(CommandProcessorTopology.EMAIL_CLAIMS_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        boolean release = command.getPayload() instanceof ReleaseEmail;
        EmailClaimCommand claimCommand;
        try {
            claimCommand = UserCommands.toClaimCommand(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            refuse(record, command, release, Rejection.of(INVALID, "malformed command: " + e.getMessage()));
            return;
        }
        String email = claimCommand.email().value();
        if (!record.key().equals(RoutingKeys.email(claimCommand.email()))) {
            // Another spelling of the key could sit on another partition: two writers for one address.
            refuse(record, command, release, KEY_MISMATCH);
            return;
        }
        EmailClaim state = claims.get(email);
        state = state == null ? EmailClaim.FREE : state;
        Decision<EmailClaimEvent> decision = EmailClaimDecider.decide(state, claimCommand);
        if (decision instanceof Decision.Rejected<EmailClaimEvent> rejected) {
            refuse(record, command, release, rejected.rejection());
            return;
        }
        EmailClaim next = state;
        for (EmailClaimEvent event : ((Decision.Accepted<EmailClaimEvent>) decision).events()) {
            next = EmailClaimDecider.evolve(next, event);
        }
        if (next != state) {
            claims.put(email, next);
        }
        if (claimCommand instanceof ClaimEmail claim) {
            context.forward(record.withKey(RoutingKeys.user(claim.userId())), CommandProcessorTopology.COMMANDS_SINK);
        }
    }

    private void refuse(Record<String, CommandEnvelope> record, CommandEnvelope command, boolean release,
            Rejection rejection) {
        if (release) {
            // Sent by this processor, not by a caller: nobody awaits a reply, and the refused registration is
            // already audited. The address is left out of the log: it is personal data.
            log.warn("ReleaseEmail {} for user {} refused: {}", command.getCommandId(), command.getAggregateId(),
                    rejection);
            return;
        }
        // The user does not exist yet as far as this caller may know: version 0.
        auditAndReply.rejected(context, record, command, UserCommands.action(command), command.getAggregateId(), 0,
                rejection);
    }
}

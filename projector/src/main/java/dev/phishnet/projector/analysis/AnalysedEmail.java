package dev.phishnet.projector.analysis;

import java.time.Instant;
import java.util.List;

import dev.phishnet.schemas.analysis.AnalysisRequested;

/** The email as it was submitted for analysis; it never changes afterwards. */
public record AnalysedEmail(
        String gmailMessageId,
        String subject,
        String sender,
        String recipient,
        Instant receivedAt,
        List<String> urls) {

    public AnalysedEmail {
        urls = List.copyOf(urls);
    }

    static AnalysedEmail of(AnalysisRequested requested) {
        return new AnalysedEmail(requested.getGmailMessageId(), requested.getSubject(), requested.getSender(),
                requested.getRecipient(), requested.getReceivedAt(), requested.getUrls());
    }
}

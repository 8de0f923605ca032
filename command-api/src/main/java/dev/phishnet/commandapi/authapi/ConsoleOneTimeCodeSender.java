package dev.phishnet.commandapi.authapi;

import java.io.PrintStream;
import java.time.Duration;

/**
 * For local use only ({@code platform.sessions.one-time-codes.sender=console}; ./run.sh falls back to it only when its
 * development issuer, and with it the development mailbox, is off): prints each code to standard output, marked so that
 * nobody mistakes it for a log line. A deliberate exception to "no code in clear", which is why no default enables it;
 * the {@link WebhookOneTimeCodeSender} keeps codes out of every log.
 */
final class ConsoleOneTimeCodeSender implements OneTimeCodeSender {

    private final PrintStream out;
    private final Duration validity;

    ConsoleOneTimeCodeSender(PrintStream out, Duration validity) {
        this.out = out;
        this.validity = validity;
    }

    @Override
    public void send(String email, String code) {
        out.println("*** DEVELOPMENT ONE-TIME CODE (console sender, local stack only) for " + email + ": " + code
                + " (valid " + validity.toMinutes() + " min) ***");
    }
}

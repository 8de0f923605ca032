package dev.phishnet.commandapi.authapi;

import java.io.PrintStream;
import java.time.Duration;

/**
 * For the local stack only ({@code platform.sessions.one-time-codes.sender=console}, set by ./run.sh): prints each code
 * to standard output, marked so that nobody mistakes it for a log line. The one deliberate exception to "no code in
 * clear", which is why no other profile or default enables it.
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

package dev.phishnet.commandapi.messages;

import dev.phishnet.schemas.command.CommandEnvelope;

/** The audit action of any command, whichever aggregate it targets. */
public final class CommandActions {

    private CommandActions() {}

    /** {@code auth.*}, {@code session.*} or {@code user.*}; {@code user.unknown} for a payload no aggregate knows. */
    public static String of(CommandEnvelope command) {
        String session = SessionCommands.action(command);
        return session != null ? session : UserCommands.action(command);
    }
}

package dev.phishnet.importer;

import dev.phishnet.schemas.command.CommandEnvelope;

/** What one legacy record becomes: a command to send, a record to skip, or a record refused with a reason. */
sealed interface Mapped {

    /** @param key the routing key (record key on the commands topic) */
    record Send(String key, CommandEnvelope command) implements Mapped {}

    record Skip(String reason) implements Mapped {}

    record Reject(String reason) implements Mapped {}
}

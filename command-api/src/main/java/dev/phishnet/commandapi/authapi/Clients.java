package dev.phishnet.commandapi.authapi;

import dev.phishnet.commandapi.client.ClientFacts;
import dev.phishnet.commandapi.client.ClientFactsReader;
import dev.phishnet.schemas.session.Client;

/** The client facts of a request as the session commands carry them. */
final class Clients {

    /** Where the server cannot tell the peer's address (never over a real socket): one key for all such requests. */
    static final String UNKNOWN_ADDRESS = "0.0.0.0";

    private Clients() {
    }

    /** The facts' address is already in its one spelling ({@link ClientFactsReader}), or unknown. */
    static Client of(ClientFacts facts) {
        String ip = ClientFacts.UNKNOWN.equals(facts.ip()) ? UNKNOWN_ADDRESS : facts.ip();
        return new Client(ip, facts.userAgent(), facts.os(), facts.browser(), facts.deviceType().label());
    }
}

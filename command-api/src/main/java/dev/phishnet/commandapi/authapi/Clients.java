package dev.phishnet.commandapi.authapi;

import dev.phishnet.commandapi.client.ClientFacts;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.schemas.session.Client;

/** The client facts of a request as the session commands carry them. */
final class Clients {

    /** Where the server cannot tell the peer's address (never over a real socket): one key for all such requests. */
    static final String UNKNOWN_ADDRESS = "0.0.0.0";

    private Clients() {
    }

    static Client of(ClientFacts facts) {
        return new Client(canonical(facts.ip()), facts.userAgent(), facts.os(), facts.browser(),
                facts.deviceType().label());
    }

    /** The one spelling of an address that lockouts and the processor's address keys use. */
    private static String canonical(String ip) {
        try {
            return IpAddress.of(ip).value();
        } catch (IllegalArgumentException unknown) {
            return UNKNOWN_ADDRESS;
        }
    }
}

package dev.phishnet.commandapi.security;

/** Which sessions have ended: a token of ours naming one ({@code sid}) is refused, whatever its expiry says. */
public interface SessionRevocations {

    boolean isEnded(String sessionId);
}

package dev.phishnet.commandapi.security;

/**
 * @param open whether anyone may register without a token ({@code POST /api/v1/users}); off unless a deployment opts
 *     in, because an open door is a decision, not a default
 */
public record RegistrationSettings(boolean open) {
}

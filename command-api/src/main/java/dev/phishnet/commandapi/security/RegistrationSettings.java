package dev.phishnet.commandapi.security;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param open whether anyone may register without a token ({@code POST /api/v1/users}); off unless a deployment opts
 *     in, because an open door is a decision, not a default
 * @param defaultTenant the tenant self-registered users join
 */
public record RegistrationSettings(boolean open, @DefaultValue("default") String defaultTenant) {
}

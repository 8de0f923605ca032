package dev.phishnet.commandapi.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * @param trustedIssuers the external OIDC issuers whose tokens the API accepts; none means every token is refused
 */
public record SecuritySettings(@Nullable List<TrustedIssuer> trustedIssuers) {

    public SecuritySettings {
        trustedIssuers = trustedIssuers == null ? List.of() : List.copyOf(trustedIssuers);
    }
}

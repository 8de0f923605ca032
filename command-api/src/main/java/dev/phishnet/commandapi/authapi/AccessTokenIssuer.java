package dev.phishnet.commandapi.authapi;

import java.time.Duration;
import java.util.List;

/** Signs the access token of a session (wired to the token package's signer). */
@FunctionalInterface
public interface AccessTokenIssuer {

    /** @param roles role names as on the topics (ADMIN, ANALYST, USER) */
    Issued issue(String userId, String tenantId, List<String> roles, String sessionId);

    record Issued(String token, Duration expiresIn) {
        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresIn + "]";
        }
    }
}

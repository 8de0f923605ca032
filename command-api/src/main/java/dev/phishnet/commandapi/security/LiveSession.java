package dev.phishnet.commandapi.security;

import java.util.List;

import dev.phishnet.commandapi.token.AccessTokens;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;

/**
 * A token of ours belongs to a session ({@code sid}) and is worth nothing once that session has ended, however long
 * it still had to live. One map lookup per request, through {@link SessionRevocations}.
 */
final class LiveSession implements OAuth2TokenValidator<Jwt> {

    private final SessionRevocations revocations;

    LiveSession(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Object sessionId = token.getClaims().get(AccessTokens.SESSION_CLAIM);
        if (!(sessionId instanceof String id) || !StringUtils.hasText(id)) {
            return invalid("The token has no '" + AccessTokens.SESSION_CLAIM + "' claim naming its session");
        }
        if (revocations.isEnded(id)) {
            return invalid("The token's session has ended: sign in again");
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** The session of a token this class has validated. */
    static String sessionId(Jwt token) {
        return token.getClaimAsString(AccessTokens.SESSION_CLAIM);
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(List.of(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description,
                null)));
    }
}

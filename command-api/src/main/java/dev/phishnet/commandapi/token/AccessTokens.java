package dev.phishnet.commandapi.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.springframework.util.StringUtils;

/**
 * Signs the API's own access tokens: an RFC 9068 JWT ({@code typ: at+jwt}) naming the user ({@code sub}), their
 * tenant and roles, and the session it belongs to ({@code sid}), so that ending the session ends the token.
 */
public final class AccessTokens {

    /** Claims of our tokens beyond the registered ones; the security chain reads them under these names. */
    public static final String TENANT_CLAIM = "tenant";
    public static final String ROLES_CLAIM = "roles";
    public static final String SESSION_CLAIM = "sid";

    public static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

    private final TokenSettings settings;
    private final SigningKeys keys;
    private final Clock clock;

    public AccessTokens(TokenSettings settings, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * A signed access token, and how long it is valid (the {@code expires_in} of a login answer).
     *
     * @param token the compact JWT, for an {@code Authorization: Bearer} header
     * @param expiresIn its lifetime from now
     */
    public record AccessToken(String token, Duration expiresIn) {

        @Override
        public String toString() {
            // A bearer token is a credential: keep it out of logs.
            return "AccessToken[expiresIn=" + expiresIn + "]";
        }
    }

    /** Signs a token for a user's session, valid for {@code platform.tokens.access-token-ttl} from now. */
    public AccessToken issue(UserId userId, TenantId tenantId, Set<Role> roles, String sessionId) {
        if (!StringUtils.hasText(sessionId)) {
            throw new IllegalArgumentException("an access token belongs to a session: sessionId is required");
        }
        // Whole seconds: JWT times are NumericDates.
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(userId.value())
                .claim(TENANT_CLAIM, tenantId.value())
                .claim(ROLES_CLAIM, roleNames(roles))
                .claim(SESSION_CLAIM, sessionId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTokenTtl())))
                .jwtID(UUID.randomUUID().toString());
        if (settings.audience() != null) {
            claims.audience(settings.audience());
        }
        JWSHeader header = new JWSHeader.Builder(keys.algorithm()).keyID(keys.current().getKeyID()).type(TYPE).build();
        SignedJWT token = new SignedJWT(header, claims.build());
        try {
            token.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing an access token with key '" + keys.current().getKeyID()
                    + "' failed", e);
        }
        return new AccessToken(token.serialize(), settings.accessTokenTtl());
    }

    /** Lower-case, in the roles' declaration order: what the security chain reads back as the caller's roles. */
    private static List<String> roleNames(Set<Role> roles) {
        return Role.setOf(roles).stream().map(role -> role.name().toLowerCase(Locale.ROOT)).toList();
    }
}

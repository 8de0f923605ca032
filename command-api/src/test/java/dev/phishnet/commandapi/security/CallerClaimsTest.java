package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;

class CallerClaimsTest {

    private static final CallerClaims defaults = new CallerClaims(new TrustedIssuer("https://idp", null, null, null));

    @Test
    void issuerDefaultsToTenantAndRolesClaimsAndNeedsItsUri() {
        assertThat(new TrustedIssuer("https://idp", "", " ", "")).isEqualTo(
                new TrustedIssuer("https://idp", "tenant", "roles", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new TrustedIssuer(" ", null, null, null))
                .withMessageContaining("issuer-uri");
    }

    @Test
    void rolesAreLowerCasedAndLimitedToThePlatformsRoles() {
        Jwt token = token(claims -> claims.claim("tenant", "t").claim("roles", List.of("ADMIN", "User", "billing")));

        assertThat(defaults.caller(token)).isEqualTo(new Caller("u", "t", Set.of("admin", "user")));
    }

    @Test
    void aServiceRolePassesThroughAndMakesAServiceCaller() {
        Jwt token = token(claims -> claims.claim("tenant", "t").claim("roles", List.of("Service", "offline_access")));

        Caller caller = defaults.caller(token);

        assertThat(caller.roles()).containsExactly("service");
        assertThat(caller.isService()).isTrue();
        assertThat(caller.isAdmin()).isFalse();
    }

    @Test
    void rolesMayComeAsOneSeparatedString() {
        Jwt token = token(claims -> claims.claim("tenant", "t").claim("roles", "analyst, user admin"));

        assertThat(defaults.caller(token).roles()).containsExactlyInAnyOrder("admin", "analyst", "user");
    }

    @Test
    void keycloakRealmRolesCountOnlyWhenTheRolesClaimIsAbsent() {
        Map<String, Object> realm = Map.of("roles", List.of("analyst"));

        assertThat(defaults.caller(token(claims -> claims.claim("tenant", "t").claim("realm_access", realm))).roles())
                .containsExactly("analyst");
        assertThat(defaults.caller(token(claims -> claims.claim("tenant", "t").claim("realm_access", realm)
                .claim("roles", List.of("user")))).roles()).containsExactly("user");
    }

    @Test
    void configuredClaimsAreRead() {
        CallerClaims custom = new CallerClaims(new TrustedIssuer("https://idp", "org_id", "groups", null));

        assertThat(custom.caller(token(claims -> claims.claim("org_id", "t").claim("groups", List.of("admin")))))
                .isEqualTo(new Caller("u", "t", Set.of("admin")));
    }

    @Test
    void noRolesMeansAnAuthenticatedCallerWithoutRoles() {
        assertThat(defaults.caller(token(claims -> claims.claim("tenant", "t"))).roles()).isEmpty();
    }

    @Test
    void tokenWithoutTenantOrSubjectIsInvalidAndSaysWhy() {
        assertThat(error(token(claims -> { }))).contains("'tenant' claim");
        assertThat(error(token(claims -> claims.claim("tenant", List.of("a", "b"))))).contains("one non-blank string");
        assertThat(error(token(claims -> claims.claim("tenant", "t").subject(null)))).contains("'sub' claim");
        assertThat(defaults.validate(token(claims -> claims.claim("tenant", "t"))).hasErrors()).isFalse();
    }

    private static String error(Jwt token) {
        List<OAuth2Error> errors = List.copyOf(defaults.validate(token).getErrors());
        assertThat(errors).singleElement().extracting(OAuth2Error::getErrorCode).isEqualTo("invalid_token");
        return errors.get(0).getDescription();
    }

    private static Jwt token(Consumer<Jwt.Builder> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("token").header("alg", "RS256").subject("u")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.accept(builder);
        return builder.build();
    }
}

package dev.phishnet.commandapi.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * A request authenticated by a verified JWT: the principal is the {@link Caller} (so handlers take
 * {@code @AuthenticationPrincipal Caller}), the token stays available for whoever needs a raw claim, and each role is
 * an authority {@code ROLE_ADMIN}, {@code ROLE_ANALYST}, {@code ROLE_USER} for {@code hasRole} rules.
 */
public final class CallerAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private static final long serialVersionUID = 1L;

    CallerAuthentication(Jwt token, Caller caller) {
        super(token, caller, token, authorities(caller));
        setAuthenticated(true);
    }

    public Caller caller() {
        return (Caller) getPrincipal();
    }

    /** The subject, not the record's {@code toString()}: this is what logs and auditing see as the name. */
    @Override
    public String getName() {
        return caller().userId();
    }

    @Override
    public Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }

    private static Collection<GrantedAuthority> authorities(Caller caller) {
        return caller.roles().stream()
                .sorted()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                .toList();
    }
}

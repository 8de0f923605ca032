package dev.phishnet.commandapi.security;

import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The CORS rules of {@code platform.cors}, for every path. A preflight from a listed origin is answered with what it may
 * do; one from any other origin, and any cross-origin request from it, is refused (403) before it reaches a handler.
 * No credentials mode: the API reads bearer tokens, never cookies.
 */
final class CorsPolicy {

    private CorsPolicy() {
    }

    static CorsConfigurationSource of(CorsSettings settings) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(settings.allowedOrigins());
        cors.setAllowedMethods(settings.allowedMethods());
        cors.setAllowedHeaders(settings.allowedHeaders());
        cors.setExposedHeaders(settings.exposedHeaders());
        cors.setMaxAge(settings.maxAge());
        cors.setAllowCredentials(false);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}

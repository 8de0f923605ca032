package dev.phishnet.commandapi.security;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API from their pages (CORS). None by default: a page of another origin cannot
 * read an answer, nor send a request that needs a preflight (every JSON body and every bearer token does).
 *
 * @param allowedOrigins origins as browsers send them ({@code https://console.example.com}), or patterns
 *     ({@code https://*.example.com}); empty means no cross-origin call is allowed
 * @param allowedMethods the methods those pages may use
 * @param allowedHeaders the request headers those pages may send
 * @param exposedHeaders the response headers their scripts may read besides the CORS-safelisted ones
 * @param maxAge how long a browser may cache a preflight's answer
 */
public record CorsSettings(
        @Nullable List<String> allowedOrigins,
        @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
        @DefaultValue({"Authorization", "Content-Type", "Idempotency-Key", "X-Consistency-Token"})
        List<String> allowedHeaders,
        @DefaultValue({"Location", "X-Consistency-Token", "Retry-After", "RateLimit", "RateLimit-Policy"})
        List<String> exposedHeaders,
        @DefaultValue("30m") Duration maxAge) {

    public CorsSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream()
                .filter(origin -> !origin.isBlank()).map(String::strip).toList();
        allowedMethods = allowedMethods == null ? List.of() : List.copyOf(allowedMethods);
        allowedHeaders = allowedHeaders == null ? List.of() : List.copyOf(allowedHeaders);
        exposedHeaders = exposedHeaders == null ? List.of() : List.copyOf(exposedHeaders);
    }
}

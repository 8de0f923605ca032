package dev.phishnet.schemas.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the registry is and how to talk to it, read from Kafka client properties with Confluent's key names.
 *
 * @param urls           base URLs, tried in order; may carry a path (Apicurio: {@code .../apis/ccompat/v7})
 * @param userInfo       {@code user:password} for HTTP basic auth, if any
 * @param connectTimeout per-URL connect timeout
 * @param requestTimeout per-request timeout
 * @param latestCacheTtl how long a fetched latest version is reused; null reuses it for the client's life
 */
public record SchemaRegistryConfig(
        List<String> urls, Optional<String> userInfo, Duration connectTimeout, Duration requestTimeout,
        Duration latestCacheTtl) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Seconds; negative (the default, as in Confluent's serializers) caches the latest version for ever. */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    public SchemaRegistryConfig {
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(URL, urls, "at least one schema registry URL is required");
        }
        urls = List.copyOf(urls);
    }

    /** Plain config for one URL, no auth, default timeouts. */
    public static SchemaRegistryConfig of(String url) {
        return new SchemaRegistryConfig(List.of(url), Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, null);
    }

    public static SchemaRegistryConfig fromProperties(Map<String, ?> props) {
        return new SchemaRegistryConfig(urls(props), userInfo(props), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, latestCacheTtl(props));
    }

    private static List<String> urls(Map<String, ?> props) {
        Object value = props.get(URL);
        List<String> urls;
        if (value instanceof Collection<?> list) {
            urls = list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        } else if (value != null) {
            urls = Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        } else {
            urls = List.of();
        }
        if (urls.isEmpty()) {
            throw new ConfigException(URL, value, "Missing schema registry URL: set " + URL);
        }
        return urls;
    }

    private static Optional<String> userInfo(Map<String, ?> props) {
        Object source = props.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        Object info = props.get(BASIC_AUTH_USER_INFO);
        if (source != null && !"USER_INFO".equalsIgnoreCase(source.toString().trim())) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "only USER_INFO is supported");
        }
        if (info == null || info.toString().isBlank()) {
            if (source != null) {
                throw new ConfigException(BASIC_AUTH_USER_INFO, null,
                        BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs user:password in " + BASIC_AUTH_USER_INFO);
            }
            return Optional.empty();
        }
        if (!info.toString().contains(":")) {
            // The value holds a secret: never echo it.
            throw new ConfigException(BASIC_AUTH_USER_INFO + " must have the form user:password");
        }
        return Optional.of(info.toString());
    }

    private static Duration latestCacheTtl(Map<String, ?> props) {
        Object value = props.get(LATEST_CACHE_TTL_SEC);
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.toString().trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new ConfigException(LATEST_CACHE_TTL_SEC, value, "must be a whole number of seconds");
        }
    }

    /** Hides the credentials, which records would otherwise print. */
    @Override
    public String toString() {
        return "SchemaRegistryConfig[urls=" + urls + ", basicAuth=" + userInfo.isPresent() + "]";
    }
}

package dev.phishnet.commandapi.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.phishnet.commandapi.threatintel.CanonicalUrl;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorNormalizer;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.threatintel.InvalidIndicatorException;
import dev.phishnet.commandapi.user.TenantId;

/**
 * What an email is looked up by among its tenant's indicators:
 *
 * <ul>
 * <li>the sender's address, normalized: an email lookup ({@link MatchedField#SENDER_ADDRESS});</li>
 * <li>the sender's domain and each parent of it down to two labels: domain lookups ({@link MatchedField#SENDER_DOMAIN},
 * the candidate's value the sender's domain);</li>
 * <li>each URL in canonical form: a URL lookup ({@link MatchedField#URL});</li>
 * <li>each URL's host: an IP lookup when it is an IP literal ({@link MatchedField#URL_HOST_IP}), else the host and each
 * parent of it down to two labels as domain lookups ({@link MatchedField#URL_DOMAIN}); the candidate's value is the
 * canonical URL.</li>
 * </ul>
 *
 * Lookups are deduplicated by indicator id, in the order first met, each carrying every (field, value) that holds it.
 * A value that cannot be normalized (the API refuses those) is not looked up.
 */
public final class MatchCandidates {

    private MatchCandidates() {}

    public static List<Lookup> of(TenantId tenant, String sender, List<String> urls) {
        Collector lookups = new Collector(tenant);
        normalized(() -> IndicatorNormalizer.email(sender)).ifPresent(address -> {
            lookups.add(IndicatorType.EMAIL, address, new MatchCandidate(MatchedField.SENDER_ADDRESS, address));
            String domain = address.substring(address.lastIndexOf('@') + 1);
            MatchCandidate candidate = new MatchCandidate(MatchedField.SENDER_DOMAIN, domain);
            for (String parent : domainAndParents(domain)) {
                lookups.add(IndicatorType.DOMAIN, parent, candidate);
            }
        });
        for (String raw : urls) {
            normalized(() -> IndicatorNormalizer.url(raw)).ifPresent(url -> {
                lookups.add(IndicatorType.URL, url.value(), new MatchCandidate(MatchedField.URL, url.value()));
                if (url.hostIsIp()) {
                    lookups.add(IndicatorType.IP, url.host(),
                            new MatchCandidate(MatchedField.URL_HOST_IP, url.value()));
                } else {
                    MatchCandidate candidate = new MatchCandidate(MatchedField.URL_DOMAIN, url.value());
                    for (String parent : domainAndParents(url.host())) {
                        lookups.add(IndicatorType.DOMAIN, parent, candidate);
                    }
                }
            });
        }
        return lookups.lookups();
    }

    /** {@code a.b.example.com} gives itself, {@code b.example.com} and {@code example.com}; a single label nothing. */
    static List<String> domainAndParents(String domain) {
        List<String> names = new ArrayList<>();
        String name = domain;
        while (name.indexOf('.') > 0) {
            names.add(name);
            name = name.substring(name.indexOf('.') + 1);
        }
        return names;
    }

    private interface Normalization<T> {
        T get();
    }

    private static <T> Optional<T> normalized(Normalization<T> normalization) {
        try {
            return Optional.of(normalization.get());
        } catch (InvalidIndicatorException invalid) {
            return Optional.empty();
        }
    }

    private static final class Collector {

        private final TenantId tenant;
        private final Map<IndicatorId, Lookup> byId = new LinkedHashMap<>();

        Collector(TenantId tenant) {
            this.tenant = tenant;
        }

        void add(IndicatorType type, String value, MatchCandidate candidate) {
            IndicatorId id = IndicatorId.of(tenant, type, value);
            Lookup known = byId.get(id);
            if (known == null) {
                byId.put(id, new Lookup(id, value, type, List.of(candidate)));
            } else if (!known.candidates().contains(candidate)) {
                List<MatchCandidate> candidates = new ArrayList<>(known.candidates());
                candidates.add(candidate);
                byId.put(id, new Lookup(id, value, type, candidates));
            }
        }

        List<Lookup> lookups() {
            return List.copyOf(byId.values());
        }
    }
}

package dev.phishnet.commandapi.userapi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.VersionedReadModel;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Holds a query back until the read model includes the write a consistency token names, for a bounded time; past it
 * the answer is 503 with {@code Retry-After: 1}, never data older than the client already knows of.
 */
@Component
public class ConsistencyGate {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Map<String, VersionedReadModel> readModels;
    private final Duration wait;

    ConsistencyGate(List<VersionedReadModel> readModels, CommandApiProperties properties) {
        this.readModels = readModels.stream().collect(Collectors.toMap(VersionedReadModel::kind, model -> model));
        this.wait = properties.queries().consistencyWait();
    }

    /** Empty at once without a token; otherwise once the read model the token names has reached its version. */
    public Mono<Void> await(String tenantId, String token) {
        if (token == null || token.isBlank()) {
            return Mono.empty();
        }
        ConsistencyToken reached = ConsistencyToken.parse(token);
        VersionedReadModel readModel = readModels.get(reached.kind());
        if (readModel == null) {
            throw ApiProblem.invalid(ConsistencyToken.HEADER, "not a consistency token issued by this API");
        }
        return readModel.awaitVersion(tenantId, reached.id(), reached.version())
                .timeout(wait, Mono.error(() -> ApiProblem.unavailable(
                        "the read model has not caught up with this consistency token yet", RETRY_AFTER)));
    }
}

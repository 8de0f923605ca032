package dev.phishnet.commandapi.contract;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Completes each operation from its handler: the feature it belongs to as its tag, and for a
 * {@link CommandEndpoint} the headers its signature does not show.
 */
final class CommandEndpoints implements OperationCustomizer {

    /** Feature packages to tags; a package not listed is tagged with its own name. */
    private static final Map<String, String> TAGS = Map.of(
            "userapi", "users", "authapi", "sign-in", "sessionapi", "sessions", "analysisapi", "analyses",
            "threatintelapi", "threat-intel", "auditapi", "audit", "statsapi", "statistics",
            "adminapi", "operations", "token", "keys");

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        String feature = handler.getBeanType().getPackageName();
        feature = feature.substring(feature.lastIndexOf('.') + 1);
        operation.setTags(List.of(TAGS.getOrDefault(feature, feature)));
        CommandEndpoint command = handler.getMethodAnnotation(CommandEndpoint.class);
        if (command == null) {
            return operation;
        }
        if (command.idempotencyKey()) {
            operation.addParametersItem(new Parameter()
                    .$ref("#/components/parameters/" + ProblemResponses.IDEMPOTENCY_KEY));
        }
        operation.getResponses().forEach((status, response) -> {
            if (status.startsWith("2")) {
                response.addHeaderObject(ProblemResponses.CONSISTENCY_TOKEN,
                        ProblemResponses.headerRef(ProblemResponses.CONSISTENCY_TOKEN));
            }
        });
        return operation;
    }
}

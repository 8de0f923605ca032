package dev.phishnet.commandapi.contract;

import java.util.Objects;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Marks every request body's schema {@code additionalProperties: false}: the API refuses unknown fields
 * ({@code spring.jackson.deserialization.fail-on-unknown-properties}) with a 400 naming the field, and a client
 * generated from the document should know before it sends one.
 */
final class ClosedRequestBodies implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null || api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        api.getPaths().values().stream()
                .flatMap(item -> item.readOperations().stream())
                .map(Operation::getRequestBody)
                .filter(body -> body != null && body.getContent() != null)
                .flatMap(body -> body.getContent().values().stream())
                .map(media -> media.getSchema() != null ? media.getSchema().get$ref() : null)
                .filter(Objects::nonNull)
                .map(ref -> api.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1)))
                .filter(Objects::nonNull)
                .forEach(schema -> schema.setAdditionalProperties(false));
    }
}

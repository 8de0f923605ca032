package dev.phishnet.commandapi.contract;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document springdoc serves at {@code /v3/api-docs} (and {@code /v3/api-docs.yaml}), without a token:
 * what springdoc infers from the controllers, plus the info, the bearer scheme, the problem responses and closed
 * request bodies.
 */
@Configuration(proxyBeanMethods = false)
class ContractConfiguration {

    private static final String DESCRIPTION = """
            The PhishNet command API. Commands (POST, PUT, PATCH, DELETE) are published to Kafka and answered with \
            their outcome once the command processor has decided: 201/200/204 with X-Consistency-Token, or the \
            rejection as application/problem+json. Send the token back on a query of the same resource to read at \
            least what the command wrote. Queries read MongoDB read models. Every error is RFC 9457 Problem Details \
            naming the field at fault (field, errors). An outcome not known in time is a 503 with Retry-After, never \
            a guess: retry with the same Idempotency-Key.""";

    @Bean
    OpenAPI phishnetOpenApi(ObjectProvider<BuildProperties> build) {
        // The build's version (META-INF/build-info.properties); a run without a Maven build has none.
        String version = build.stream().map(BuildProperties::getVersion).findFirst().orElse("development");
        Components components = new Components().addSecuritySchemes(ProblemResponses.BEARER, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An access token from POST /api/v1/auth/login (or refresh), or from a trusted issuer"));
        ProblemResponses.addTo(components);
        return new OpenAPI()
                .info(new Info().title("PhishNet command API").version(version).description(DESCRIPTION))
                .components(components);
    }

    @Bean
    OperationCustomizer commandEndpoints() {
        return new CommandEndpoints();
    }

    @Bean
    OpenApiCustomizer standardErrors() {
        return new StandardErrors();
    }

    @Bean
    OpenApiCustomizer closedRequestBodies() {
        return new ClosedRequestBodies();
    }
}

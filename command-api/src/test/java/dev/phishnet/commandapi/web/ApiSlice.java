package dev.phishnet.commandapi.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.Rejection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import reactor.core.publisher.Mono;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;

/**
 * The REST API without Kafka: its controllers, problem handling and read models over an in-memory mongo-java-server,
 * with a {@link RecordingGateway} in place of the command gateway, and a stand-in for the security layer that lets
 * {@code POST /api/v1/users} through without a token (as open registration does) and needs one elsewhere.
 */
@Configuration(proxyBeanMethods = false)
@TestComponent // kept out of the application's own component scan in CommandApiApplicationTests
@EnableConfigurationProperties(CommandApiProperties.class)
@ComponentScan(basePackages = {"dev.phishnet.commandapi.web", "dev.phishnet.commandapi.userapi",
        "dev.phishnet.commandapi.auditapi", "dev.phishnet.commandapi.sessionapi",
        "dev.phishnet.commandapi.analysisapi", "dev.phishnet.commandapi.threatintelapi",
        "dev.phishnet.commandapi.statsapi", "dev.phishnet.commandapi.adminapi"})
public class ApiSlice {

    @Bean(destroyMethod = "shutdownNow")
    MongoServer mongoServer() {
        return new MongoServer(new MemoryBackend());
    }

    /** Built as Boot builds the application's: the connection string, then every settings customizer. */
    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoServer server, ObjectProvider<MongoClientSettingsBuilderCustomizer> customizers) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()));
        customizers.orderedStream().forEach(customizer -> customizer.customize(settings));
        return MongoClients.create(settings.build());
    }

    @Bean
    ReactiveMongoTemplate reactiveMongoTemplate(MongoClient client) {
        return new ReactiveMongoTemplate(client, "phishnet");
    }

    @Bean
    RecordingGateway commandGateway() {
        return new RecordingGateway();
    }

    @Bean
    SecurityWebFilterChain apiSliceSecurity(ServerHttpSecurity http) {
        return http
                .authorizeExchange(exchange -> exchange
                        .pathMatchers(HttpMethod.POST, "/api/v1/users").permitAll()
                        .anyExchange().authenticated())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** Authenticates the request as this caller, the principal the security layer hands to handlers. */
    public static WebTestClientConfigurer as(Caller caller) {
        return mockAuthentication(new TestingAuthenticationToken(caller, null,
                caller.roles().stream().map(role -> "ROLE_" + role.toUpperCase()).toArray(String[]::new)));
    }

    /** Records what is published and answers with what the test says the processor decided. */
    public static class RecordingGateway implements CommandGateway {

        public record Sent(String routingKey, CommandEnvelope command) {
        }

        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private volatile Function<CommandEnvelope, Mono<CommandOutcome>> decider = RecordingGateway::accept;

        @Override
        public Mono<CommandOutcome> send(String routingKey, CommandEnvelope command) {
            sent.add(new Sent(routingKey, command));
            return decider.apply(command);
        }

        public void answer(Function<CommandEnvelope, Mono<CommandOutcome>> decider) {
            this.decider = decider;
        }

        public void reset() {
            sent.clear();
            decider = RecordingGateway::accept;
        }

        public List<Sent> sent() {
            return List.copyOf(sent);
        }

        public static Mono<CommandOutcome> accept(CommandEnvelope command) {
            return Mono.just(outcome(command).setAccepted(true).setAggregateVersion(1L).build());
        }

        public static Function<CommandEnvelope, Mono<CommandOutcome>> reject(String code, String message,
                String field) {
            return command -> Mono.just(outcome(command).setAccepted(false)
                    .setRejection(new Rejection(code, message, field, null)).build());
        }

        private static CommandOutcome.Builder outcome(CommandEnvelope command) {
            return CommandOutcome.newBuilder()
                    .setCommandId(command.getCommandId())
                    .setCorrelationId(command.getCorrelationId())
                    .setAggregateId(command.getAggregateId())
                    .setDecidedAt(command.getIssuedAt());
        }
    }
}

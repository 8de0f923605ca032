package dev.phishnet.commandapi.authapi;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.follow.CatchUp;
import dev.phishnet.commandapi.follow.Credentials;
import dev.phishnet.commandapi.follow.SessionStatus;
import dev.phishnet.commandapi.follow.TopicFollower;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.userapi.PasswordHasher;
import dev.phishnet.schemas.user.UserEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sign-in flows and how codes are delivered ({@code platform.sessions.one-time-codes.sender}). */
@Configuration(proxyBeanMethods = false)
public class AuthApiConfiguration {

    /** The configured code sender, or none (then the code endpoints answer 503). */
    record CodeDelivery(OneTimeCodeSender sender) {
        boolean configured() {
            return sender != null;
        }
    }

    @Bean
    CodeDelivery codeDelivery(CommandApiProperties settings) {
        var codes = settings.sessions().oneTimeCodes();
        String sender = codes.sender() == null ? "none" : codes.sender().strip().toLowerCase(Locale.ROOT);
        return switch (sender) {
            case "none" -> new CodeDelivery(null);
            case "console" -> new CodeDelivery(new ConsoleOneTimeCodeSender(System.out, codes.validity()));
            case "webhook" -> {
                if (codes.webhookUrl() == null || !codes.webhookUrl().isAbsolute()) {
                    throw new IllegalArgumentException("platform.sessions.one-time-codes.sender=webhook needs an "
                            + "absolute platform.sessions.one-time-codes.webhook-url, not " + codes.webhookUrl());
                }
                yield new CodeDelivery(new WebhookOneTimeCodeSender(HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5)).build(), codes.webhookUrl(), codes.validity()));
            }
            default -> throw new IllegalArgumentException("platform.sessions.one-time-codes.sender must be none, "
                    + "webhook or console, not " + codes.sender());
        };
    }

    @Bean
    SignIns signIns(CommandGateway gateway, Credentials credentials, TopicFollower<UserEvent> credentialsFollower,
            SessionStatus status, CatchUp catchUp, PasswordHasher hasher, AccessTokens tokens,
            CommandApiProperties settings, CodeDelivery delivery, MeterRegistry meters) {
        return new SignIns(gateway, credentials, credentialsFollower, status, catchUp, hasher, tokens,
                new SecretHashes(settings.sessions().hashSecret()), delivery.sender(), settings, meters);
    }
}

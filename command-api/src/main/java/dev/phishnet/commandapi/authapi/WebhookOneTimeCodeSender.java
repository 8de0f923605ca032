package dev.phishnet.commandapi.authapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code platform.sessions.one-time-codes.sender=webhook}: POSTs {@code {"email", "code", "validForSeconds"}} as JSON to
 * {@code webhook-url}, the service that mails (or texts) codes: the organisation's mail gateway, or ./run.sh's
 * development mailbox. Asynchronous, as the sign-in answers at once whatever happens to the code. A failed delivery is
 * logged (the address's domain and the status, never the code or the whole address); the user asks for a new code.
 */
final class WebhookOneTimeCodeSender implements OneTimeCodeSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookOneTimeCodeSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI url;
    private final Duration validity;
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookOneTimeCodeSender(HttpClient http, URI url, Duration validity) {
        this.http = http;
        this.url = url;
        this.validity = validity;
    }

    @Override
    public void send(String email, String code) {
        deliver(email, code);
    }

    /** The delivery, completed with the webhook's status (or exceptionally); for tests, which wait on it. */
    CompletableFuture<Integer> deliver(String email, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("code", code);
        body.put("validForSeconds", validity.toSeconds());
        var request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode)
                .whenComplete((status, failure) -> {
                    if (failure != null) {
                        log.warn("A one-time code for an address at {} could not be delivered to {}: {}",
                                domain(email), url, failure.toString());
                    } else if (status / 100 != 2) {
                        log.warn("A one-time code for an address at {} was refused by {}: status {}", domain(email),
                                url, status);
                    }
                });
    }

    private static String domain(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "?" : email.substring(at + 1);
    }
}

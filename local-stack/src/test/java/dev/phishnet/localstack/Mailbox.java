package dev.phishnet.localstack;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The local stack's development mailbox, read as its user reads it: {@code GET <issuer>/mailbox?email=...}. */
public final class Mailbox {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String issuer;

    /** @param issuer the development issuer's URL, which serves the mailbox */
    public Mailbox(String issuer) {
        this.issuer = issuer;
    }

    /** The newest code delivered to the address, if any. */
    @SuppressWarnings("unchecked")
    public Optional<String> latestCode(String email) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/mailbox?email="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /mailbox answered " + response.statusCode() + ": " + response.body());
        }
        try {
            var messages = (List<Map<String, Object>>) JSONObjectUtils.parse(response.body()).get("messages");
            return messages.isEmpty() ? Optional.empty()
                    : Optional.of((String) messages.get(messages.size() - 1).get("code"));
        } catch (ParseException e) {
            throw new IOException("GET /mailbox answered no JSON: " + response.body(), e);
        }
    }
}

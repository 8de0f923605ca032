package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.NotAcceptableStatusException;

/** Errors answered outside the controllers' advice are problems too. */
class ProblemFallbacksTest {

    private final ProblemWriter problems = new ProblemWriter(ServerCodecConfigurer.create().getWriters());

    @Test
    void anErrorTheAdviceCouldNotRenderIsAProblemWhateverTheAccept() {
        // An Accept that is not a media type fails the advice's own problem too; Boot then answered JSON.
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/audit")
                .header("Accept", "*/*;q=abc"));

        new UncaughtErrors(problems).handle(exchange, new NotAcceptableStatusException("Could not parse 'Accept'"))
                .block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":406");
    }

    @Test
    void anUnexpectedExceptionIsA500ProblemThatTellsNothingOfIt() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/users"));

        new UncaughtErrors(problems).handle(exchange, new IllegalStateException("secret internals"))
                .block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":500")
                .doesNotContain("secret internals");
    }

    @Test
    void anErrorStatusCompletedWithoutABodyGetsTheProblemOfItsStatus() {
        // As the actuator answers GET /actuator/health/<no such component>.
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health/x"));

        new BodilessErrors(problems).filter(exchange, filtered -> {
            filtered.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return filtered.getResponse().setComplete();
        }).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":404");
    }

    @Test
    void aSuccessCompletedWithoutABodyStaysEmpty() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.delete("/api/v1/x"));

        new BodilessErrors(problems).filter(exchange, filtered -> {
            filtered.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return filtered.getResponse().setComplete();
        }).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getHeaders().getContentType()).isNull();
        assertThat(exchange.getResponse().getBodyAsString().block()).isNullOrEmpty();
        assertThat(List.of(exchange.getResponse().getStatusCode())).containsExactly(HttpStatus.NO_CONTENT);
    }
}

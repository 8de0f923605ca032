package dev.phishnet.commandapi.authapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;

import dev.phishnet.commandapi.client.ClientFacts;
import dev.phishnet.commandapi.client.ClientFactsReader;
import dev.phishnet.commandapi.client.DeviceType;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.schemas.session.Client;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A one-time code request while the broker is away: 503 with {@code Retry-After} for every address, and no code
 * drawn, rather than a 202 for a code that cannot be issued.
 */
class AuthControllerTest {

    private final SignIns signIns = mock(SignIns.class);
    private final ClientFactsReader clients = mock(ClientFactsReader.class);
    private final AuthController controller = new AuthController(signIns, clients,
            new AuthApiConfiguration.CodeDelivery((email, code) -> { }), null);
    private final MockServerHttpRequest http = MockServerHttpRequest.post("/api/v1/auth/otp").build();

    @Test
    void aCodeRequestWhileTheBrokerIsAwayIs503AndIssuesNothing() {
        when(clients.read(any())).thenReturn(Mono.just(new ClientFacts("10.0.0.1", "test", "Linux", "Firefox",
                DeviceType.DESKTOP)));
        when(signIns.readyForCodes()).thenReturn(Mono.error(ApiProblem.unavailable("sign-in is catching up",
                Duration.ofSeconds(1))));

        StepVerifier.create(controller.requestCode(new AuthRequests.OneTimeCodeRequest("ada@example.com"), http))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiProblem.class);
                    ApiProblem problem = (ApiProblem) error;
                    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                })
                .verify(Duration.ofSeconds(5));
        verify(signIns, never()).requestCode(any(), any(Client.class), any());
    }

    @Test
    void onceTheCredentialsViewIsCurrentTheAnswerIs202AndTheCodeIsIssuedInTheBackground() {
        when(clients.read(any())).thenReturn(Mono.just(new ClientFacts("10.0.0.1", "test", "Linux", "Firefox",
                DeviceType.DESKTOP)));
        when(signIns.readyForCodes()).thenReturn(Mono.empty());

        StepVerifier.create(controller.requestCode(new AuthRequests.OneTimeCodeRequest("ada@example.com"), http))
                .assertNext(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED))
                .verifyComplete();
        verify(signIns).requestCode(any(), any(Client.class), any());
    }
}

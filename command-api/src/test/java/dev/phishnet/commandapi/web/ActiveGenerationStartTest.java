package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;

import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Mono;

/**
 * A MongoDB that does not answer the first read of the control document (a loaded machine, a store still starting)
 * does not fail command-api's start, and no generation is guessed meanwhile: queries answer 503 until a read succeeds.
 * The crash loop found the first half: a restart on a starved 2-core machine exited with "Timeout on blocking read".
 */
class ActiveGenerationStartTest {

    @Test
    void aControlDocumentReadThatDoesNotAnswerLeavesTheServiceStartingAndTheGenerationUnknownUntilOneDoes() {
        var mongo = mock(ReactiveMongoTemplate.class);
        when(mongo.findOne(any(Query.class), eq(Document.class), anyString()))
                // The start's read, then the refresh loop's first (right after it): neither answers.
                .thenReturn(Mono.never(), Mono.never(), Mono.just(new Document("_id", "current").append("active", 2)));
        var active = new ActiveGeneration(mongo);

        active.start();
        try {
            assertThat(active.isRunning()).isTrue();
            assertThatThrownBy(active::names).isInstanceOfSatisfying(ApiProblem.class, problem ->
                    assertThat(problem.getStatusCode().value()).isEqualTo(503));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ApiProblem.class)
                    .untilAsserted(() -> assertThat(active.names()).isEqualTo(new ReadModelNames(2)));
        } finally {
            active.stop();
        }
    }
}

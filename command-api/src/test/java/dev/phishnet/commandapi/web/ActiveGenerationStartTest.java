package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Mono;

/**
 * A MongoDB that does not answer the first read of the control document (a loaded machine, a store still starting)
 * does not fail command-api's start: queries read generation 1 until a refresh succeeds. The crash loop found this:
 * a restart on a starved 2-core machine exited with "Timeout on blocking read" from {@code start()}.
 */
class ActiveGenerationStartTest {

    @Test
    void aControlDocumentReadThatNeverAnswersLeavesGenerationOneActiveAndTheServiceStarting() {
        var mongo = mock(ReactiveMongoTemplate.class);
        when(mongo.findOne(any(Query.class), eq(Document.class), anyString())).thenReturn(Mono.never());
        var active = new ActiveGeneration(mongo);

        active.start();
        try {
            assertThat(active.isRunning()).isTrue();
            assertThat(active.names()).isEqualTo(ReadModelNames.FIRST);
        } finally {
            active.stop();
        }
    }
}

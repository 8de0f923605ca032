package dev.phishnet.commandapi.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** A follower on a real broker: what it reads, from where, and how a caller waits for it to be current. */
@EmbeddedKafka(partitions = 3, topics = {TopicFollowerTest.OLD_AND_NEW, TopicFollowerTest.RECENT})
class TopicFollowerTest {

    static final String OLD_AND_NEW = "follower-test-all";
    static final String RECENT = "follower-test-recent";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private TopicFollower<String> follower;

    @AfterEach
    void stop() {
        if (follower != null) {
            follower.stop();
        }
    }

    @Test
    void foldsWhatWasThereBeforeAndWhatComesAfterAndACallerCanWaitForTheEnd(EmbeddedKafkaBroker broker)
            throws Exception {
        send(broker, OLD_AND_NEW, "before-1", "before-2", "before-3");
        follower = start(broker, OLD_AND_NEW, TopicFollower.fromBeginning());

        await().atMost(Duration.ofSeconds(15)).until(follower::current);
        assertThat(seen).containsExactlyInAnyOrder("before-1", "before-2", "before-3");

        send(broker, OLD_AND_NEW, "after-1", "after-2");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            new CatchUp(admin, Duration.ofSeconds(10)).await(follower).block();
        }
        // No waiting beyond the catch-up itself: once it completed, the view holds everything sent before it began.
        assertThat(seen).contains("after-1", "after-2");
    }

    @Test
    void startingSinceAMomentSkipsWhatCameBefore(EmbeddedKafkaBroker broker) throws Exception {
        send(broker, RECENT, "old");
        long from = System.currentTimeMillis() + 1;
        await().until(() -> System.currentTimeMillis() > from);
        send(broker, RECENT, "new");
        follower = start(broker, RECENT, TopicFollower.since(() -> from));

        await().atMost(Duration.ofSeconds(15)).until(follower::current);
        assertThat(seen).containsExactly("new");
    }

    private TopicFollower<String> start(EmbeddedKafkaBroker broker, String topic, TopicFollower.StartPosition start) {
        Map<String, Object> config = TopicFollower.consumerOverrides(
                Map.of("bootstrap.servers", broker.getBrokersAsString()), "follower-test");
        TopicFollower<String> started = new TopicFollower<>(topic,
                () -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()), start,
                (key, value) -> seen.add(value));
        started.start();
        return started;
    }

    private static void send(EmbeddedKafkaBroker broker, String topic, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()), new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
    }
}

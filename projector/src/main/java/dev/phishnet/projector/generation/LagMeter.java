package dev.phishnet.projector.generation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures a consumer group's lag with the Admin API: per partition of its topics, the committed offset against the
 * last stable offset (read_committed, as the applications read), a partition it never committed counting from the
 * log start.
 */
public final class LagMeter {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;

    public LagMeter(Admin admin) {
        this.admin = admin;
    }

    public List<PartitionLag> measure(String application, String groupId, Collection<String> topics) {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(partition ->
                        partitions.add(new TopicPartition(topic.name(), partition.partition())));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = offsets(partitions,
                    OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions,
                    OffsetSpec.latest());
            List<PartitionLag> lags = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata commit = committed.get(partition);
                lags.add(PartitionLag.of(application, partition.topic(), partition.partition(),
                        commit == null ? null : commit.offset(), starts.get(partition).offset(),
                        ends.get(partition).offset()));
            }
            lags.sort(java.util.Comparator.comparing(PartitionLag::topic).thenComparing(PartitionLag::partition));
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the lag of " + groupId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not measure the lag of " + groupId, e);
        }
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions,
            OffsetSpec spec) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}

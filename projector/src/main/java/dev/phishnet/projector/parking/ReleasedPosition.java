package dev.phishnet.projector.parking;

import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The source of a parked record applied after its partition moved on (a retry or a release). A sink stages its
 * writes like any others but leaves its checkpoint alone: the partition was already read past this offset.
 */
public record ReleasedPosition(String topic, int partition, long offset) implements RecordMetadata {
}

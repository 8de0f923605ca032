/** Kafka serializers, deserializers and Streams serdes for Avro in the Confluent wire format. */
package dev.phishnet.schemas.serde;

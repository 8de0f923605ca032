/** Processes of the local stack that are not Kafka, the registry itself or our services: MongoDB on a file, and the registry's Confluent API at the root. */
package dev.phishnet.localstack;

/** Processes of the local stack that are not Kafka, the registry itself or our services: MongoDB on a file, the registry's Confluent API at the root, and a development token issuer; and the maker of command-api's signing key. */
package dev.phishnet.localstack;

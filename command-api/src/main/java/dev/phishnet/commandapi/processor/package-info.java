/** The command processor: a Kafka Streams topology deciding each command against its aggregate's state, and its wiring. */
package dev.phishnet.commandapi.processor;

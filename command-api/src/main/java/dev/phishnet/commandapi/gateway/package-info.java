/** Publishes commands to Kafka and waits, bounded, for the command processor's outcome of each. */
package dev.phishnet.commandapi.gateway;

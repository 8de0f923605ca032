/**
 * The worker's Kafka Streams application: its topology (session expiry and retention runs on wall-clock
 * punctuation), the serdes of its stores, and its start-up, health and metrics wiring.
 */
@NullMarked
package dev.phishnet.cleanup.streams;

import org.jspecify.annotations.NullMarked;

/**
 * The Kafka Streams application that feeds the read models: its topology, the buffering store that writes MongoDB
 * in bulk when Streams commits, and its start-up, health and metrics wiring.
 */
@NullMarked
package dev.phishnet.projector.streams;

import org.jspecify.annotations.NullMarked;

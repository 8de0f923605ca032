/**
 * Poison events: a record a projection cannot apply is parked (dead-letter topic and {@code projector_dlq}), later
 * records of its key wait behind it, and an operator's retry or skip releases them in order.
 */
@NullMarked
package dev.phishnet.projector.parking;

import org.jspecify.annotations.NullMarked;

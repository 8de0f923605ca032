/**
 * The projector's second Streams application, exactly once: counts kept in state stores (analyses per user, tenant
 * and day; API use per user, day and action) and written to MongoDB as absolute values, one part per partition.
 */
@NullMarked
package dev.phishnet.projector.aggregates;

import org.jspecify.annotations.NullMarked;

/**
 * Blue/green generations of the read models: running each generation's Streams applications, measuring their progress,
 * switching the queries to a rebuilt generation once it has caught up, and dropping the old one after a grace period.
 */
@NullMarked
package dev.phishnet.projector.generation;

import org.jspecify.annotations.NullMarked;

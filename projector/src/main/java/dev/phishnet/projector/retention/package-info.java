/** Retention in the read models: durable purge jobs, and the background purger that deletes in bounded batches. */
@NullMarked
package dev.phishnet.projector.retention;

import org.jspecify.annotations.NullMarked;

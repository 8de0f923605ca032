/** Retention: how old each kind of data may grow, which items a run finds due, and the commands that purge them. */
@NullMarked
package dev.phishnet.cleanup.retention;

import org.jspecify.annotations.NullMarked;

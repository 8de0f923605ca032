/** Where each projection stands in each partition it reads: {@code projection_checkpoints}, written after the data. */
@NullMarked
package dev.phishnet.projector.checkpoint;

import org.jspecify.annotations.NullMarked;

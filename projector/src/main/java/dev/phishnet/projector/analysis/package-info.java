/** The {@code email_analyses} read model: each email analysis, moved forward by its events, deleted when purged. */
@NullMarked
package dev.phishnet.projector.analysis;

import org.jspecify.annotations.NullMarked;

/** The {@code users} read model: a user's current view, moved forward by its events, without secrets. */
@NullMarked
package dev.phishnet.projector.user;

import org.jspecify.annotations.NullMarked;

/** The {@code sessions} read model: each login session, moved forward by its events, without its refresh token hash. */
@NullMarked
package dev.phishnet.projector.session;

import org.jspecify.annotations.NullMarked;

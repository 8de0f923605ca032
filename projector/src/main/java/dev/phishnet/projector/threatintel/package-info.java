/** The {@code threat_intelligence} read model: each indicator as last reported or retired, deleted when purged. */
@NullMarked
package dev.phishnet.projector.threatintel;

import org.jspecify.annotations.NullMarked;

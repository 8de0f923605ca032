/** The {@code audit_logs} read model: one entry per audit event, written once. */
@NullMarked
package dev.phishnet.projector.audit;

import org.jspecify.annotations.NullMarked;

/** The audit REST API: the tenant's audit trail from the {@code audit_logs} read model, newest first, by cursor. */
package dev.phishnet.commandapi.auditapi;

/** The public audit-events contract (generated from src/main/avro/audit). */
package dev.phishnet.schemas.audit;

/** Metadata shared by every message: the event envelope and the actor (generated from src/main/avro/envelope). */
package dev.phishnet.schemas.envelope;

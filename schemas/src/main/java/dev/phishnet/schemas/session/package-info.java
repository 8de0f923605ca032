/** Messages of sessions and sign-in protection: their commands and events (generated from src/main/avro/session). */
package dev.phishnet.schemas.session;

/** Messages of the user aggregate: its commands and its events (generated from src/main/avro/user). */
package dev.phishnet.schemas.user;

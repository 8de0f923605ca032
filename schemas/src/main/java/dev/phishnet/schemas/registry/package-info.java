/** Client for the Confluent schema registry REST API, its cache, and an in-memory registry for {@code mock://} URLs. */
package dev.phishnet.schemas.registry;

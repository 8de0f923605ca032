/** The projector service: materializes the event topics into MongoDB read models, idempotently; rebuilds by replay. */
package dev.phishnet.projector;

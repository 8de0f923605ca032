/** Small builders of the events the worker reads, shared by its tests. */
package dev.phishnet.cleanup.testing;

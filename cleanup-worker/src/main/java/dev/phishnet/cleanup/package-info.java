/** The cleanup worker: follows the event streams, tracks deadlines and ages, and issues expiry and purge commands. */
package dev.phishnet.cleanup;

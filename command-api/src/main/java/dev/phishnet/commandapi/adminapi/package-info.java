/**
 * The operators' API over the read models: generations and blue/green rebuilds, their progress, and the events the
 * projector parked.
 */
package dev.phishnet.commandapi.adminapi;

/** Counts over HTTP: analysis statistics per user and tenant, and each user's API usage, from the projector's views. */
package dev.phishnet.commandapi.statsapi;

/** The API's own access tokens: JWTs it signs at login with its configured keys, whose public halves it publishes. */
package dev.phishnet.commandapi.token;

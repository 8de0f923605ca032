/** The API's own access tokens: ES256 JWTs it signs at login with its configured keys, whose public halves it publishes. */
package dev.phishnet.commandapi.token;

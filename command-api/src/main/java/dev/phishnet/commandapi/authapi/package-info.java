/** Signing in over HTTP: password and one-time-code logins, refresh-token rotation and logout. */
package dev.phishnet.commandapi.authapi;

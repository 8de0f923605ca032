/**
 * What every command-api instance knows by following event topics itself, with no consumer group: the credentials
 * logins are checked against ({@code user-events}) and which sessions have ended and who is locked out
 * ({@code session-events}).
 */
package dev.phishnet.commandapi.follow;

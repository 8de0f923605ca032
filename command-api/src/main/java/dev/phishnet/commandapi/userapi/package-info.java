/** The users REST API: register and change users by command, read them from the {@code users} read model. */
package dev.phishnet.commandapi.userapi;

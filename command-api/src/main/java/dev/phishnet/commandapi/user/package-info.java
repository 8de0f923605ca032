/** The users aggregate as pure functions: commands decided against a user's state into events or a rejection. */
package dev.phishnet.commandapi.user;

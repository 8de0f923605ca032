/** The command API service: REST commands and queries, and (later) the command processor that decides them. */
package dev.phishnet.commandapi;

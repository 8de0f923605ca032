/** Who may call what: open health, metrics and key discovery; bearer JWTs for everything else. */
package dev.phishnet.commandapi.security;

/** Sessions over HTTP: listing and reading them, ending them, and each user's security settings. */
package dev.phishnet.commandapi.sessionapi;

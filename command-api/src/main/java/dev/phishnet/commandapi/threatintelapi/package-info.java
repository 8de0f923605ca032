/** The REST API of threat intelligence: reporting and retiring indicators of compromise, and reading them back. */
package dev.phishnet.commandapi.threatintelapi;

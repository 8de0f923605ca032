/** Threat intelligence over HTTP: report and retire indicators by command, read them from {@code threat_intelligence}. */
package dev.phishnet.commandapi.threatintelapi;

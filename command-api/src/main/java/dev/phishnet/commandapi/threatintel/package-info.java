/** Threat-intelligence indicators as pure functions: normalization, ids, and the decisions on reports, retirements, lookups and purges. */
package dev.phishnet.commandapi.threatintel;

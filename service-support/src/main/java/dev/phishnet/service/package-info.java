/** The settings and start-up wiring every PhishNet service shares: its registry, its topics, its health. */
package dev.phishnet.service;

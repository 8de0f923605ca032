/** Email analyses over HTTP: request them and record results by command, read them from {@code email_analyses}. */
package dev.phishnet.commandapi.analysisapi;

/** The REST API of email analyses: submitting them, recording analyzers' results and failures, and reading them back. */
package dev.phishnet.commandapi.analysisapi;

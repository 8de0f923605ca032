/**
 * The chaos suite (tests tagged {@code chaos}): services killed with SIGKILL and restarted under load, the broker stopped
 * under load, then a verifier that checks the topics, the audit trail, the read models and the bytes at rest against
 * what the clients were told.
 */
package dev.phishnet.localstack.chaos;

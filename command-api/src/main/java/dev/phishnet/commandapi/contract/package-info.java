/**
 * The published contract: the OpenAPI 3 document at {@code /v3/api-docs}, inferred from the controllers and completed
 * here with what inference cannot see (security, problem responses, command headers).
 */
package dev.phishnet.commandapi.contract;

/**
 * Who may call what: open health, metrics and key discovery; bearer JWTs, the API's own (refused once their session
 * has ended) or of trusted OIDC issuers, read into a {@link dev.phishnet.commandapi.security.Caller}, for everything
 * else.
 */
package dev.phishnet.commandapi.security;

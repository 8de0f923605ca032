/** The users benchmark: profile-update commands on the real local stack against a no-op WebFlux peer, in one run. */
package dev.phishnet.bench;

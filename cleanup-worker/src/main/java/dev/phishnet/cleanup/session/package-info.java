/** Session expiry: which sessions are live, when each is due, and the command that expires one. */
@NullMarked
package dev.phishnet.cleanup.session;

import org.jspecify.annotations.NullMarked;

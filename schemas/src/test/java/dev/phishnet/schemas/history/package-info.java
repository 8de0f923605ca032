/** Guards schema evolution: every released version of a top-level schema stays readable by the current one. */
package dev.phishnet.schemas.history;

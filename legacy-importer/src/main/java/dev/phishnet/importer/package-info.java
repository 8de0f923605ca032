/** The legacy importer: JSON Lines export of the old store to commands, with progress and a summary. */
package dev.phishnet.importer;

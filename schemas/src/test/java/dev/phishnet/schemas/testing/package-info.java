/** Test helpers other modules may reuse through the test-jar: sample messages and a real registry process. */
package dev.phishnet.schemas.testing;

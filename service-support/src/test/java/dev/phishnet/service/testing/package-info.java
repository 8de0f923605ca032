/** Test fixtures the services share (published as service-support's test-jar). */
package dev.phishnet.service.testing;

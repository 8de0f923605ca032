/** The chaos suite's fuzzer: thousands of generated bad requests against every endpoint of the running API. */
package dev.phishnet.commandapi.fuzz;

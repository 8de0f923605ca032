/** The topics a service declares, turned into topics created at start-up with partitions and retention from configuration. */
package dev.phishnet.service.topics;

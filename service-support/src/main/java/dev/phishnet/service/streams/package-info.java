/** Running a Kafka Streams application inside a service: its lifecycle, which errors it survives, its health. */
package dev.phishnet.service.streams;

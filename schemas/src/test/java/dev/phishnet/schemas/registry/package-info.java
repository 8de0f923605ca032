/** Tests of the registry clients, with a JDK HTTP server standing in for a Confluent registry. */
package dev.phishnet.schemas.registry;

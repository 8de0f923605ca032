/** Health of what a service depends on (Kafka, MongoDB, the schema registry), for actuator's health endpoint. */
package dev.phishnet.service.health;

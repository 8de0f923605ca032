/** Tests of the Confluent wire-format serde against the mock and real registries. */
package dev.phishnet.schemas.serde;

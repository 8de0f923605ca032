/** The Avro messages of the topics mapped to and from the pure domain records, so that the domain never sees a wire type. */
package dev.phishnet.commandapi.messages;

/** The envelope every command travels in and the outcome the command processor replies with (generated from src/main/avro/command). */
package dev.phishnet.schemas.command;

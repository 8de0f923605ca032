package dev.phishnet.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Avro's reader/writer compatibility check, with each problem spelled out where it is (JSON pointer) and why. */
public final class ReaderWriterCheck {

    private ReaderWriterCheck() {
    }

    /** Why {@code reader} cannot read data written with {@code writer}; empty when it can. */
    public static List<String> problems(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult()
                .getIncompatibilities()
                .stream()
                .map(ReaderWriterCheck::describe)
                .toList();
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": " + incompatibility.getMessage();
    }
}

package dev.phishnet.schemas.history;

import dev.phishnet.schemas.registry.ReaderWriterCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Whether a schema can read data written with every released version of it (the registry's BACKWARD_TRANSITIVE). */
public final class BackwardTransitiveCheck {

    private BackwardTransitiveCheck() {
    }

    /** One line per problem, naming the version and where in the schema it breaks; empty when compatible. */
    public static List<String> problems(Schema current, SchemaHistory history) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < history.versions().size(); i++) {
            for (String problem : ReaderWriterCheck.problems(current, history.versions().get(i))) {
                problems.add("cannot read data written with v" + (i + 1) + ": " + problem);
            }
        }
        return problems;
    }

    /** Fails with every problem spelled out. */
    public static void assertCompatible(Schema current, SchemaHistory history) {
        List<String> problems = problems(current, history);
        if (!problems.isEmpty()) {
            throw new AssertionError("Current " + current.getFullName() + " is not BACKWARD_TRANSITIVE compatible with its "
                    + "released versions, so consumers could not read the existing data:\n  "
                    + String.join("\n  ", problems));
        }
    }
}

package dev.phishnet.schemas.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of one top-level schema, kept as {@code schema-history/<FullName>/v1.avsc, v2.avsc...} on the
 * classpath, each fully resolved so it parses on its own.
 *
 * @param versions v1 first
 */
public record SchemaHistory(String fullName, List<Schema> versions) {

    public static final String ROOT = "schema-history";

    public static SchemaHistory load(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (int n = 1; ; n++) {
            try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path(fullName, n))) {
                if (in == null) {
                    return new SchemaHistory(fullName, List.copyOf(versions));
                }
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static String path(String fullName, int version) {
        return ROOT + "/" + fullName + "/v" + version + ".avsc";
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    public Schema latest() {
        return versions.get(versions.size() - 1);
    }
}

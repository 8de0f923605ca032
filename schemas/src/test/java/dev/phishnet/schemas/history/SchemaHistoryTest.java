package dev.phishnet.schemas.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaHistoryTest {

    /** Where a candidate for the next history entry is written, ready to be copied into src/main/resources. */
    private static final Path CANDIDATES = Path.of("target", "schema-history-candidates");
    private static final Path AVRO_SOURCES = Path.of("src", "main", "avro");

    static Stream<Schema> topLevelSchemas() {
        return TopLevelSchemas.all().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("topLevelSchemas")
    void latestRecordedReleaseIsTheCurrentSchema(Schema current) throws IOException {
        SchemaHistory history = SchemaHistory.load(current.getFullName());
        int next = history.versions().size() + 1;
        if (history.isEmpty() || !history.latest().toString().equals(current.toString())) {
            Path candidate = CANDIDATES.resolve(current.getFullName()).resolve("v" + next + ".avsc");
            Files.createDirectories(candidate.getParent());
            Files.writeString(candidate, current.toString(true) + "\n");
            throw new AssertionError(current.getFullName() + (history.isEmpty()
                    ? " has no recorded release."
                    : " changed since its last recorded release v" + (next - 1) + ".")
                    + " Record this release: copy " + candidate.toAbsolutePath() + " to src/main/resources/"
                    + SchemaHistory.path(current.getFullName(), next)
                    + " (it is the current schema, fully resolved); the compatibility test then checks it can read"
                    + " every earlier release.");
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("topLevelSchemas")
    void currentSchemaReadsDataOfEveryReleasedVersion(Schema current) {
        BackwardTransitiveCheck.assertCompatible(current, SchemaHistory.load(current.getFullName()));
    }

    @Test
    void checkNamesTheFieldsThatBreakCompatibility() throws IOException {
        Schema broken = parseResource("broken/AuditEvent-breaking.avsc");
        SchemaHistory released = SchemaHistory.load(broken.getFullName());

        assertThat(released.versions()).isNotEmpty();
        assertThatThrownBy(() -> BackwardTransitiveCheck.assertCompatible(broken, released))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("v1")
                .hasMessageContaining("severity")
                .hasMessageContaining("/fields/2/type");
    }

    @Test
    void everySchemaFileIsTopLevelOrPartOfOne() throws IOException {
        Set<String> covered = new HashSet<>();
        TopLevelSchemas.all().forEach(schema -> collectNamedTypes(schema, covered));

        List<String> orphans;
        try (Stream<Path> files = Files.walk(AVRO_SOURCES)) {
            orphans = files.filter(file -> file.toString().endsWith(".avsc"))
                    .filter(file -> !covered.contains(fullNameIn(file)))
                    .map(Path::toString)
                    .toList();
        }

        assertThat(orphans)
                .as("Schemas that no top-level schema uses: a new topic value type must be added to TopLevelSchemas"
                        + " (and its release recorded as schema-history/<FullName>/v1.avsc), else it escapes the"
                        + " compatibility checks")
                .isEmpty();
    }

    private static void collectNamedTypes(Schema schema, Set<String> names) {
        switch (schema.getType()) {
            case RECORD -> {
                if (names.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> collectNamedTypes(field.schema(), names));
                }
            }
            case ENUM, FIXED -> names.add(schema.getFullName());
            case UNION -> schema.getTypes().forEach(branch -> collectNamedTypes(branch, names));
            case ARRAY -> collectNamedTypes(schema.getElementType(), names);
            case MAP -> collectNamedTypes(schema.getValueType(), names);
            default -> {
            }
        }
    }

    private static String fullNameIn(Path avsc) {
        try {
            JsonNode json = new ObjectMapper().readTree(avsc.toFile());
            String name = json.path("name").asText();
            return name.contains(".") || !json.has("namespace") ? name : json.get("namespace").asText() + "." + name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parseResource(String name) throws IOException {
        try (InputStream in = SchemaHistoryTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

package dev.phishnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","fields":[{"name":"a","type":"string"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}""");
    private static final Schema V3_DROPS_DEFAULT = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","fields":[{"name":"b","type":"int"}]}""");

    private final String scope = "mock-test-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

    @AfterEach
    void drop() {
        MockSchemaRegistry.drop(scope);
    }

    @Test
    void assignsIdsOneTwoThreeAndReusesThemForTheSameSchema() {
        assertThat(registry.register("a-value", V1)).isEqualTo(1);
        assertThat(registry.register("a-value", V1)).isEqualTo(1);
        assertThat(registry.register("a-value", V2)).isEqualTo(2);
        assertThat(registry.register("b-value", V1)).isEqualTo(1);
        assertThat(registry.latest("a-value").version()).isEqualTo(2);
    }

    @Test
    void scopesAreSharedByUrlAndForgottenWhenDropped() {
        registry.register("a-value", V1);

        assertThat(MockSchemaRegistry.forScope(scope).subjects()).containsExactly("a-value");
        MockSchemaRegistry.drop(scope);
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).isEmpty();
    }

    @Test
    void backwardIsTheDefaultAndChecksOnlyTheLatestVersion() {
        registry.register("a-value", V1);
        registry.register("a-value", V2);

        // V3 reads V2 data (b present) but not V1 data (no b, no default): only transitive checks catch that.
        assertThat(registry.register("a-value", V3_DROPS_DEFAULT)).isEqualTo(3);
    }

    @Test
    void transitiveLevelChecksEveryVersionAndNamesTheField() {
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        registry.register("a-value", V1);
        registry.register("a-value", V2);

        assertThatThrownBy(() -> registry.register("a-value", V3_DROPS_DEFAULT))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("a-value")
                .hasMessageContaining("b");
    }

    @Test
    void levelNoneAcceptsAnything() {
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        registry.register("a-value", V1);

        assertThat(registry.register("a-value", V3_DROPS_DEFAULT)).isEqualTo(2);
    }
}

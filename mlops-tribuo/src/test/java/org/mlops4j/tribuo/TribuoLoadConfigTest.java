package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelLoader;

/** The defaults, every bound of {@link TribuoLoadConfig} at its edge, and the allow-list's matching. */
class TribuoLoadConfigTest {

    private static final TribuoLoadConfig DEFAULTS = TribuoLoadConfig.ofDefaults();

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(DEFAULTS.maxArtifactBytes()).isEqualTo(1L << 30);
        assertThat(DEFAULTS.maxTensorElements()).isEqualTo(134_217_728L);
        assertThat(DEFAULTS.allowedClasses()).isEmpty();
        assertThat(DEFAULTS.javaMaxDepth()).isEqualTo(200);
        assertThat(DEFAULTS.javaMaxRefs()).isEqualTo(10_000_000L);
        assertThat(DEFAULTS.javaMaxCollectionNesting()).isEqualTo(8);
        assertThat(DEFAULTS).hasToString("TribuoLoadConfig[maxArtifactBytes=1073741824, maxTensorElements=134217728, "
                + "allowedClasses=[], javaMaxDepth=200, javaMaxRefs=10000000, javaMaxCollectionNesting=8]");
    }

    @Test
    void eachSettingChangesOnlyItself() {
        TribuoLoadConfig all = DEFAULTS.withMaxArtifactBytes(11).withMaxTensorElements(12)
                .withAllowedClasses(Set.of("com.example.*")).withJavaMaxDepth(13).withJavaMaxRefs(14)
                .withJavaMaxCollectionNesting(15);
        assertThat(all).hasToString("TribuoLoadConfig[maxArtifactBytes=11, maxTensorElements=12, "
                + "allowedClasses=[com.example.*], javaMaxDepth=13, javaMaxRefs=14, javaMaxCollectionNesting=15]");
        // Each change again, on a config where every other setting differs from the defaults.
        assertThat(all.withMaxArtifactBytes(21)).hasToString(all.toString().replace("=11,", "=21,"));
        assertThat(all.withMaxTensorElements(22)).hasToString(all.toString().replace("=12,", "=22,"));
        assertThat(all.withAllowedClasses(Set.of("a.B"))).hasToString(all.toString().replace("com.example.*", "a.B"));
        assertThat(all.withJavaMaxDepth(23)).hasToString(all.toString().replace("=13,", "=23,"));
        assertThat(all.withJavaMaxRefs(24)).hasToString(all.toString().replace("=14,", "=24,"));
        assertThat(all.withJavaMaxCollectionNesting(25)).hasToString(all.toString().replace("=15]", "=25]"));
        assertThat(DEFAULTS.javaMaxCollectionNesting()).isEqualTo(8);
    }

    @Test
    void everyBoundIsCheckedAtItsEdge() {
        assertThat(DEFAULTS.withMaxArtifactBytes(0).maxArtifactBytes()).isZero();
        assertThat(DEFAULTS.withMaxArtifactBytes(ModelLoader.MAX_ARTIFACT_BYTES).maxArtifactBytes())
                .isEqualTo(2_147_483_639L);
        assertThatThrownBy(() -> DEFAULTS.withMaxArtifactBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxArtifactBytes must be from 0 to 2147483639 but was -1");
        assertThatThrownBy(() -> DEFAULTS.withMaxArtifactBytes(2_147_483_640L))
                .hasMessage("maxArtifactBytes must be from 0 to 2147483639 but was 2147483640");

        assertThat(DEFAULTS.withMaxTensorElements(1).maxTensorElements()).isEqualTo(1);
        assertThatThrownBy(() -> DEFAULTS.withMaxTensorElements(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTensorElements must be at least 1 but was 0");
        assertThat(DEFAULTS.withJavaMaxDepth(1).javaMaxDepth()).isEqualTo(1);
        assertThatThrownBy(() -> DEFAULTS.withJavaMaxDepth(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("javaMaxDepth must be at least 1 but was 0");
        assertThat(DEFAULTS.withJavaMaxRefs(1).javaMaxRefs()).isEqualTo(1);
        assertThatThrownBy(() -> DEFAULTS.withJavaMaxRefs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("javaMaxRefs must be at least 1 but was 0");
        assertThat(DEFAULTS.withJavaMaxCollectionNesting(1).javaMaxCollectionNesting()).isEqualTo(1);
        assertThatThrownBy(() -> DEFAULTS.withJavaMaxCollectionNesting(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("javaMaxCollectionNesting must be at least 1 but was 0");
    }

    @Test
    void allowedClassesAreClassNamesOrPackagePatterns() {
        TribuoLoadConfig c = DEFAULTS.withAllowedClasses(Set.of("com.example.Outer$Inner", "org.acme.*", "_x.É9"));
        assertThat(c.allowedClasses()).containsExactlyInAnyOrder("com.example.Outer$Inner", "org.acme.*", "_x.É9");
        assertThatThrownBy(() -> c.allowedClasses().add("x")).isInstanceOf(UnsupportedOperationException.class);

        for (String bad : new String[] {"", "com..Example", "com.example.", "9com.Example", "com.*.Example",
                "*", "com.example*", "com example"}) {
            assertThatThrownBy(() -> DEFAULTS.withAllowedClasses(Set.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("allowedClasses entry must be a class name or a package pattern like com.example.* "
                            + "but was '" + bad + "'");
        }
        String longName = "com.example." + "é".repeat(100) + " ";
        assertThatThrownBy(() -> DEFAULTS.withAllowedClasses(Set.of(longName)))
                .hasMessageEndingWith("but was '" + longName.substring(0, 57) + "... (113 characters)'");
        assertThatThrownBy(() -> DEFAULTS.withAllowedClasses(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("classes");
        assertThatThrownBy(() -> DEFAULTS.withAllowedClasses(new HashSet<>(Arrays.asList("a.B", null))))
                .isInstanceOf(NullPointerException.class).hasMessage("allowedClasses entry");
    }

    @Test
    void theAllowListMatchesTribuoExactNamesAndPackagesWithTheirSubpackages() {
        TribuoLoadConfig c = DEFAULTS.withAllowedClasses(Set.of("com.example.Model", "org.acme.*"));

        assertThat(c.allows("org.tribuo.classification.sgd.linear.LinearSGDModel")).isTrue();
        assertThat(c.allows("org.tribuox.Evil")).isFalse();
        assertThat(c.allows("org.tribuo")).isFalse();
        assertThat(c.allows("com.example.Model")).isTrue();
        assertThat(c.allows("com.example.ModelX")).isFalse();
        assertThat(c.allows("com.example.Model$Inner")).isFalse();
        assertThat(c.allows("org.acme.Model")).isTrue();
        assertThat(c.allows("org.acme.deep.Model")).isTrue();
        assertThat(c.allows("org.acmex.Model")).isFalse();
        assertThat(c.allows("org.acme")).isFalse();
        assertThat(c.allows("com.oracle.labs.mlrg.olcut.provenance.ListProvenance")).isFalse();

        assertThat(c.allowsProvenance("com.oracle.labs.mlrg.olcut.provenance.ListProvenance")).isTrue();
        assertThat(c.allowsProvenance("com.oracle.labs.mlrg.olcutx.Evil")).isFalse();
        assertThat(c.allowsProvenance("org.tribuo.provenance.DatasetProvenance")).isTrue();
        assertThat(c.allowsProvenance("org.acme.Source")).isTrue();
        assertThat(c.allowsProvenance("com.example.Evil")).isFalse();
    }
}

package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.registry.ModelArtifact;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.protos.ClassificationLinearSGDProto;
import org.tribuo.math.protos.DenseTensorProto;
import org.tribuo.math.protos.LinearParametersProto;
import org.tribuo.math.protos.ParametersProto;
import org.tribuo.math.protos.SparseTensorProto;
import org.tribuo.math.protos.TensorProto;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.RootProvenanceProto;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.SimpleProvenanceProto;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;

/**
 * Tribuo protobuf files crafted with Tribuo's own builders from a real logistic regression model:
 * a tensor declaring more values than the file holds, and classes outside the allow-list, which
 * must be refused before Tribuo allocates or initialises anything.
 */
class TribuoProtoLoadingTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    private static Model<Label> classifier;
    private static ModelProto real;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        classifier = TribuoFixtures.classifier();
        real = classifier.serialize();
    }

    /** The real model with its weight tensor envelope rewritten. */
    private static ModelProto withWeights(UnaryOperator<TensorProto> change) throws Exception {
        ClassificationLinearSGDProto sgd = real.getSerializedData().unpack(ClassificationLinearSGDProto.class);
        ParametersProto params = sgd.getParams();
        LinearParametersProto linear = params.getSerializedData().unpack(LinearParametersProto.class);
        LinearParametersProto changed = linear.toBuilder().setWeightMatrix(change.apply(linear.getWeightMatrix()))
                .build();
        return real.toBuilder().setSerializedData(Any.pack(sgd.toBuilder()
                .setParams(params.toBuilder().setSerializedData(Any.pack(changed))).build())).build();
    }

    private ModelArtifact write(String name, ModelProto proto) throws Exception {
        return ModelArtifact.of(Files.write(dir.resolve(name), proto.toByteArray()));
    }

    /** Before, this 6.5 KB file threw OutOfMemoryError: 65,536 x 65,536 overflows Tribuo's int size to 0. */
    @Test
    void aTensorDeclaringMoreValuesThanItsFileHoldsIsRefusedBeforeAllocation() throws Exception {
        ModelArtifact bomb = write("bomb.tribuo", withWeights(w -> w.toBuilder()
                .setSerializedData(Any.pack(DenseTensorProto.newBuilder()
                        .addDimensions(65_536).addDimensions(65_536).build())).build()));
        assertThat(Files.size(bomb.file())).isLessThan(16_000);

        long start = System.nanoTime();
        assertThatThrownBy(() -> TribuoModels.load(bomb, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("bomb.tribuo")
                .hasMessageContaining("65536 x 65536")
                .hasMessageContaining("4294967296 values")
                .hasMessageContaining("holds 0");
        System.out.printf("tensor bomb: %d-byte file declaring 65536 x 65536 refused in %d ms%n",
                Files.size(bomb.file()), (System.nanoTime() - start) / 1_000_000);
    }

    /** Tribuo allocates a row array of the declared size (new SparseVector[rows]) before reading any value. */
    @Test
    void aSparseMatrixDeclaringMoreRowsThanItsFileHasBytesIsRefused() throws Exception {
        ModelArtifact bomb = write("sparse.tribuo", withWeights(w -> w.toBuilder()
                .setClassName("org.tribuo.math.la.DenseSparseMatrix")
                .setSerializedData(Any.pack(SparseTensorProto.newBuilder()
                        .addDimensions(2_000_000_000).addDimensions(4).setNumNonZero(0).build())).build()));

        assertThatThrownBy(() -> TribuoModels.load(bomb, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("sparse.tribuo")
                .hasMessageContaining("2000000000 x 4")
                .hasMessageContaining("2000000000 rows");
    }

    @Test
    void aTensorLargerThanTheConfiguredCapIsRefused() throws Exception {
        ModelArtifact genuine = TribuoModels.save(classifier, dir.resolve("m.tribuo"));
        TribuoLoadConfig tight = TribuoLoadConfig.ofDefaults().withMaxTensorElements(4);

        assertThat(TribuoModels.load(genuine, Label.class, TribuoLoadConfig.ofDefaults())).isNotNull();
        assertThatThrownBy(() -> TribuoModels.load(genuine, Label.class, tight))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("m.tribuo")
                .hasMessageContaining("maxTensorElements");
    }

    @Test
    void aModelClassOutsideTheAllowListIsRefusedBeforeItsInitialiserRuns() throws Exception {
        String probe = ClassInitProbes.TopLevel.class.getName();
        boolean ranBefore = ClassInitProbes.TOP_LEVEL_RAN.get();   // naming the class above does not initialise it
        ModelArtifact file = write("probe.tribuo", real.toBuilder().setClassName(probe).build());

        assertThatThrownBy(() -> TribuoModels.load(file, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("probe.tribuo")
                .hasMessageContaining(probe)
                .hasMessageContaining("allow-list");
        if (!ranBefore) {   // else an earlier run in this JVM (a PIT mutant) initialised it: nothing to tell
            assertThat(ClassInitProbes.TOP_LEVEL_RAN).as("the named class's static initialiser ran").isFalse();
        }
    }

    @Test
    void aNestedClassOutsideTheAllowListIsRefusedBeforeItsInitialiserRuns() throws Exception {
        String probe = ClassInitProbes.Nested.class.getName();
        boolean ranBefore = ClassInitProbes.NESTED_RAN.get();
        ModelArtifact file = write("nested.tribuo", withWeights(w -> w.toBuilder().setClassName(probe).build()));

        assertThatThrownBy(() -> TribuoModels.load(file, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(probe)
                .hasMessageContaining("allow-list");
        if (!ranBefore) {   // else an earlier run in this JVM (a PIT mutant) initialised it: nothing to tell
            assertThat(ClassInitProbes.NESTED_RAN).as("the named class's static initialiser ran").isFalse();
        }
    }

    /** The real model with its provenance (inside the model's metadata) rewritten. */
    private static ModelProto withProvenance(UnaryOperator<RootProvenanceProto> change) throws Exception {
        ClassificationLinearSGDProto sgd = real.getSerializedData().unpack(ClassificationLinearSGDProto.class);
        ModelDataProto metadata = sgd.getMetadata();
        return real.toBuilder().setSerializedData(Any.pack(sgd.toBuilder().setMetadata(metadata.toBuilder()
                .setProvenance(change.apply(metadata.getProvenance()))).build())).build();
    }

    @Test
    void aProvenanceClassOutsideTheAllowListIsRefusedBeforeItsInitialiserRuns() throws Exception {
        String probe = ClassInitProbes.Provenance.class.getName();
        boolean ranBefore = ClassInitProbes.PROVENANCE_RAN.get();
        ModelArtifact file = write("provenance.tribuo", withProvenance(p -> p.toBuilder()
                .setOmp(0, p.getOmp(0).toBuilder().setProvenanceClassName(probe)).build()));

        assertThatThrownBy(() -> TribuoModels.load(file, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(probe)
                .hasMessageContaining("allow-list");
        if (!ranBefore) {   // else an earlier run in this JVM (a PIT mutant) initialised it: nothing to tell
            assertThat(ClassInitProbes.PROVENANCE_RAN).as("the named class's static initialiser ran").isFalse();
        }
    }

    @Test
    void anEnumClassOutsideTheAllowListInTheProvenanceIsRefusedBeforeItsInitialiserRuns() throws Exception {
        String probe = ClassInitProbes.Enum.class.getName();
        boolean ranBefore = ClassInitProbes.ENUM_RAN.get();
        ModelProto proto = withProvenance(p -> {
            for (int i = 0; i < p.getSmpCount(); i++) {
                SimpleProvenanceProto smp = p.getSmp(i);
                if (!smp.getIsReference()) {   // the first plain value becomes an enum value of the probe class
                    return p.toBuilder().setSmp(i, smp.toBuilder().setValue("VALUE").setAdditional(probe)
                            .setProvenanceClassName(EnumProvenance.class.getName())).build();
                }
            }
            throw new AssertionError("the real model's provenance has no plain value");
        });
        ModelArtifact file = write("enum.tribuo", proto);

        assertThatThrownBy(() -> TribuoModels.load(file, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(probe)
                .hasMessageContaining("allow-list");
        if (!ranBefore) {   // else an earlier run in this JVM (a PIT mutant) initialised it: nothing to tell
            assertThat(ClassInitProbes.ENUM_RAN).as("the named enum's static initialiser ran").isFalse();
        }
    }

    @Test
    void aClassInTheConfiguredExtraAllowListIsHandedToTribuo() throws Exception {
        String probe = ClassInitProbes.ExtraAllowed.class.getName();
        ModelArtifact file = write("extra.tribuo", real.toBuilder().setClassName(probe).build());
        TribuoLoadConfig config = TribuoLoadConfig.ofDefaults().withAllowedClasses(java.util.Set.of(probe));

        // Tribuo initialises it, then finds no deserializeFromProto method: not a model, but not refused by us.
        assertThatThrownBy(() -> TribuoModels.load(file, Label.class, config))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageNotContaining("allow-list");
        assertThat(ClassInitProbes.EXTRA_ALLOWED_RAN).isTrue();
    }

    @Test
    void realModelsStillLoadThroughTheChecks() throws Exception {
        Model<Label> model = TribuoModels.load(write("real.tribuo", real), Label.class);
        assertThat(model.getProvenance()).isEqualTo(classifier.getProvenance());
    }
}

package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.SimpleProvenanceProto;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ArtifactIntegrityException;
import org.tribuo.math.protos.DenseTensorProto;
import org.tribuo.math.protos.SparseTensorProto;
import org.tribuo.math.protos.TensorProto;
import org.tribuo.protos.core.ModelProto;

/**
 * Each rule of {@link ProtoModelCheck} at its boundary, on model messages built by hand (no model
 * is trained): a model envelope holding a tensor envelope holding the tensor, or a provenance
 * value, or nested {@code Any}s. The messages name the file and the path to what is wrong.
 */
class ProtoModelCheckTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    private static final Path FILE = Path.of("m.tribuo");
    private static final String AT = "ModelProto<Model>.serialized_data<DenseMatrix>.serialized_data";
    private static final String SPARSE_AT = "ModelProto<Model>.serialized_data<DenseSparseMatrix>.serialized_data";

    private static ModelProto model(Message payload) {
        return ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(Any.pack(payload)).build();
    }

    private static ModelProto dense(int bytes, Integer... dims) {
        return model(TensorProto.newBuilder().setClassName("org.tribuo.math.la.DenseMatrix")
                .setSerializedData(Any.pack(DenseTensorProto.newBuilder().addAllDimensions(List.of(dims))
                        .setValues(ByteString.copyFrom(new byte[bytes])).build())).build());
    }

    private static ModelProto sparse(int nonZero, int bytes, Integer... dims) {
        return model(TensorProto.newBuilder().setClassName("org.tribuo.math.la.DenseSparseMatrix")
                .setSerializedData(Any.pack(SparseTensorProto.newBuilder().addAllDimensions(List.of(dims))
                        .setNumNonZero(nonZero).setValues(ByteString.copyFrom(new byte[bytes])).build())).build());
    }

    private static void check(ModelProto proto) {
        check(proto, 1_000_000, TribuoLoadConfig.ofDefaults());
    }

    private static void check(ModelProto proto, long fileBytes, TribuoLoadConfig config) {
        new ProtoModelCheck(FILE, fileBytes, config).check(proto);
    }

    private static String refused(String what) {
        return "model artifact m.tribuo " + what + "; refusing to load it";
    }

    @Test
    void aDenseTensorMustHoldExactlyTheValuesItsShapeDeclares() {
        assertThatCode(() -> check(dense(48, 2, 3))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(dense(40, 2, 3)))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessage(refused("declares a tensor of shape 2 x 3 (6 values) at " + AT
                        + " but holds 5 values (40 bytes)"));
        assertThatThrownBy(() -> check(dense(56, 2, 3)))
                .hasMessage(refused("declares a tensor of shape 2 x 3 (6 values) at " + AT
                        + " but holds 7 values (56 bytes)"));
        // Whole values but one byte over: 6 values and a stray byte.
        assertThatThrownBy(() -> check(dense(49, 2, 3)))
                .hasMessage(refused("declares a tensor of shape 2 x 3 (6 values) at " + AT
                        + " but holds 6 values (49 bytes)"));
        // No dimension at all: one value, 8 bytes.
        assertThatCode(() -> check(dense(8))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(dense(0))).hasMessageContaining("shape  (1 values)");
    }

    /** 2^61 values times 8 bytes is 2^64, which wraps to 0 in a long: it must not match an empty file. */
    @Test
    void aDenseTensorWhoseByteCountWrapsToZeroIsStillRefusedForItsValues() {
        assertThatThrownBy(() -> check(dense(0, 1 << 30, 1 << 30, 2)))
                .hasMessage(refused("declares a tensor of shape 1073741824 x 1073741824 x 2 (2305843009213693952 "
                        + "values) at " + AT + " but holds 0 values (0 bytes)"));
    }

    @Test
    void aShapeWhoseProductOverflowsALongOrHasANegativeSizeIsRefused() {
        assertThatThrownBy(() -> check(dense(0, 1 << 30, 1 << 30, 1 << 30)))
                .hasMessage(refused("declares a tensor of shape 1073741824 x 1073741824 x 1073741824 at " + AT
                        + ", more than 9223372036854775807 values"));
        assertThatThrownBy(() -> check(dense(0, 2, -3)))
                .hasMessage(refused("declares a tensor of shape 2 x -3 at " + AT + ", with a negative size"));
        // An empty dimension is a tensor of no values.
        assertThatCode(() -> check(dense(0, 0, 3))).doesNotThrowAnyException();
    }

    @Test
    void theTensorCapIsInclusive() {
        TribuoLoadConfig six = TribuoLoadConfig.ofDefaults().withMaxTensorElements(6);
        TribuoLoadConfig five = TribuoLoadConfig.ofDefaults().withMaxTensorElements(5);

        assertThatCode(() -> check(dense(48, 2, 3), 1_000, six)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(dense(48, 2, 3), 1_000, five))
                .hasMessage(refused("declares a tensor of shape 2 x 3 (6 values) at " + AT
                        + ", more than TribuoLoadConfig.maxTensorElements 5"));
    }

    @Test
    void aLongShapeIsQuotedByItsFirstEightDimensions() {
        assertThatThrownBy(() -> check(dense(0, 1, 1, 1, 1, 1, 1, 1, 2, 3)))
                .hasMessageContaining("shape 1 x 1 x 1 x 1 x 1 x 1 x 1 x 2 x ... (9 dimensions) (6 values)");
        assertThatThrownBy(() -> check(dense(0, 1, 1, 1, 1, 1, 1, 2, 3)))
                .hasMessageContaining("shape 1 x 1 x 1 x 1 x 1 x 1 x 2 x 3 (6 values)");
    }

    @Test
    void aSparseTensorMustHoldItsNonZeroValuesWithinItsShape() {
        assertThatCode(() -> check(sparse(4, 32, 2, 2))).doesNotThrowAnyException();
        assertThatCode(() -> check(sparse(0, 0, 2, 2))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(sparse(5, 40, 2, 2)))
                .hasMessage(refused("declares a sparse tensor of shape 2 x 2 with 5 non-zero values at " + SPARSE_AT
                        + " but holds 5 values (40 bytes)"));
        assertThatThrownBy(() -> check(sparse(-1, 0, 2, 2)))
                .hasMessage(refused("declares a sparse tensor of shape 2 x 2 with -1 non-zero values at "
                        + SPARSE_AT + " but holds 0 values (0 bytes)"));
        assertThatThrownBy(() -> check(sparse(3, 16, 2, 2)))
                .hasMessage(refused("declares a sparse tensor of shape 2 x 2 with 3 non-zero values at " + SPARSE_AT
                        + " but holds 2 values (16 bytes)"));
        assertThatThrownBy(() -> check(sparse(3, 25, 2, 2)))
                .hasMessageContaining("with 3 non-zero values").hasMessageContaining("holds 3 values (25 bytes)");
    }

    @Test
    void theCapOfASparseTensorCountsItsNonZeroValuesNotItsShape() {
        TribuoLoadConfig two = TribuoLoadConfig.ofDefaults().withMaxTensorElements(100);
        assertThatCode(() -> check(sparse(2, 16, 10, 100), 1_000, two)).doesNotThrowAnyException();
        TribuoLoadConfig one = TribuoLoadConfig.ofDefaults().withMaxTensorElements(1);
        assertThatThrownBy(() -> check(sparse(2, 16, 1, 100), 1_000, one))
                .hasMessage(refused("declares a tensor of shape 1 x 100 (2 values) at " + SPARSE_AT
                        + ", more than TribuoLoadConfig.maxTensorElements 1"));
    }

    /** Tribuo allocates one row object per declared row: rows are bounded by the file's size and the cap. */
    @Test
    void theRowsOfASparseMatrixAreBoundedByTheFileSizeAndTheCap() {
        TribuoLoadConfig defaults = TribuoLoadConfig.ofDefaults();
        assertThatCode(() -> check(sparse(0, 0, 5, 10, 7), 50, defaults)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(sparse(0, 0, 5, 10, 7), 49, defaults))
                .hasMessage(refused("declares a sparse tensor of shape 5 x 10 x 7 at " + SPARSE_AT
                        + " with 50 rows, more than the file's 49 bytes or TribuoLoadConfig.maxTensorElements "
                        + TribuoLoadConfig.DEFAULT_MAX_TENSOR_ELEMENTS));
        assertThatCode(() -> check(sparse(0, 0, 50, 7), 1_000, defaults.withMaxTensorElements(50)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(sparse(0, 0, 50, 7), 1_000, defaults.withMaxTensorElements(49)))
                .hasMessageContaining("with 50 rows, more than the file's 1000 bytes or "
                        + "TribuoLoadConfig.maxTensorElements 49");
        // A sparse vector is one row, however long.
        assertThatCode(() -> check(sparse(0, 0, 1_000_000), 1, defaults)).doesNotThrowAnyException();
        // Two dimensions: the rows are the first, not one.
        assertThatThrownBy(() -> check(sparse(0, 0, 2, 1_000), 1, defaults)).hasMessageContaining("with 2 rows");
    }

    @Test
    void anyPayloadMustBeAKnownTypeThatParses() {
        ModelProto unknownType = ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(
                Any.newBuilder().setTypeUrl("type.googleapis.com/com.example.Evil").build()).build();
        assertThatThrownBy(() -> check(unknownType)).hasMessage(refused("holds a payload of type "
                + "'type.googleapis.com/com.example.Evil' (at ModelProto<Model>.serialized_data), not a Tribuo "
                + "protobuf type on the classpath"));

        ModelProto otherPrefix = ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(
                Any.newBuilder().setTypeUrl("example.org/x/tribuo.math.impl.DenseTensorProto").build()).build();
        assertThatThrownBy(() -> check(otherPrefix)).hasMessageContaining(
                "holds a payload of type 'example.org/x/tribuo.math.impl.DenseTensorProto'");

        // No type but some bytes: not an unset Any.
        ModelProto noType = ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(
                Any.newBuilder().setValue(ByteString.copyFromUtf8("x")).build()).build();
        assertThatThrownBy(() -> check(noType)).hasMessageContaining("holds a payload of type ''");

        ModelProto garbage = ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(
                Any.newBuilder().setTypeUrl("type.googleapis.com/tribuo.math.impl.DenseTensorProto")
                        .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff})).build()).build();
        assertThatThrownBy(() -> check(garbage)).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageStartingWith("model artifact m.tribuo is not a Tribuo protobuf model: its "
                        + "DenseTensorProto at ModelProto<Model>.serialized_data does not parse (");
    }

    @Test
    void aTypedAnyWithNoBytesIsCheckedAsAnEmptyMessage() {
        // An empty dense tensor has no dimension: one value declared, none held.
        ModelProto emptyTensor = ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(
                Any.newBuilder().setTypeUrl("type.googleapis.com/tribuo.math.impl.DenseTensorProto").build()).build();
        assertThatThrownBy(() -> check(emptyTensor)).hasMessage(refused("declares a tensor of shape  (1 values) at "
                + "ModelProto<Model>.serialized_data but holds 0 values (0 bytes)"));
        // An unset Any is nothing to check.
        ModelProto unset = ModelProto.newBuilder().setClassName("org.tribuo.Model")
                .setSerializedData(Any.getDefaultInstance()).build();
        assertThatCode(() -> check(unset)).doesNotThrowAnyException();
    }

    private static ModelProto nestedAnys(int levels) {
        Any any = Any.getDefaultInstance();
        for (int i = 0; i < levels; i++) {
            any = Any.pack(any);
        }
        return ModelProto.newBuilder().setClassName("org.tribuo.Model").setSerializedData(any).build();
    }

    @Test
    void messagesNestedDeeperThanTheLimitAreRefused() {
        // The model is level 0, its Any level 1, each Any packed in it one more: the last, empty, Any is at 200.
        assertThatCode(() -> check(nestedAnys(ProtoModelCheck.MAX_DEPTH - 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(nestedAnys(ProtoModelCheck.MAX_DEPTH)))
                .hasMessage(refused("nests messages deeper than 200 levels (at ModelProto<Model>.serialized_data)"));
    }

    @Test
    void envelopesNamingClassesOutsideTheAllowListAreRefused() {
        ModelProto outside = ModelProto.newBuilder().setClassName("com.example.Evil").build();
        assertThatThrownBy(() -> check(outside)).hasMessage(refused("names class 'com.example.Evil' (at "
                + "ModelProto.class_name), which is not in the allow-list of Tribuo's classes (org.tribuo.*) and "
                + "TribuoLoadConfig.allowedClasses []; it was not loaded"));
        ModelProto inner = model(TensorProto.newBuilder().setClassName("com.example.Matrix").build());
        assertThatThrownBy(() -> check(inner, 1_000, TribuoLoadConfig.ofDefaults()
                .withAllowedClasses(Set.of("com.example.Model"))))
                .hasMessageContaining("names class 'com.example.Matrix' (at ModelProto<Model>.serialized_data"
                        + ".class_name)")
                .hasMessageContaining("TribuoLoadConfig.allowedClasses [com.example.Model]");
        String longName = "com.example." + "x".repeat(100);
        assertThatThrownBy(() -> check(ModelProto.newBuilder().setClassName(longName).build()))
                .hasMessageContaining("names class '" + longName.substring(0, 57) + "... (112 characters)'");
    }

    private static ModelProto provenance(String className, String additional) {
        return model(SimpleProvenanceProto.newBuilder().setKey("k").setValue("VALUE")
                .setProvenanceClassName(className).setAdditional(additional).build());
    }

    @Test
    void provenanceClassesAreCheckedAgainstTribuosOlcutsAndTheConfiguredClasses() {
        assertThatCode(() -> check(provenance("com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance",
                ""))).doesNotThrowAnyException();
        assertThatCode(() -> check(provenance("org.tribuo.provenance.SimpleDataSourceProvenance", "")))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(provenance("", "com.example.Evil"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(provenance("com.example.Source", "")))
                .hasMessage(refused("names provenance class 'com.example.Source' (at ModelProto<Model>"
                        + ".serialized_data.provenance_class_name), which is not in the allow-list of Tribuo's and "
                        + "OLCUT's classes (org.tribuo.*, com.oracle.labs.mlrg.olcut.*) and "
                        + "TribuoLoadConfig.allowedClasses []; it was not loaded"));
        assertThatCode(() -> check(provenance("com.example.Source", ""), 1_000,
                TribuoLoadConfig.ofDefaults().withAllowedClasses(Set.of("com.example.*"))))
                .doesNotThrowAnyException();
        // Only an enum value's class is read from "additional".
        assertThatCode(() -> check(provenance("org.tribuo.provenance.SimpleDataSourceProvenance",
                "com.example.Evil"))).doesNotThrowAnyException();
    }

    @Test
    void theEnumClassOfAnEnumProvenanceMayBeTheJdksOlcutsTribuosOrConfigured() {
        String enumProvenance = EnumProvenance.class.getName();
        assertThatCode(() -> check(provenance(enumProvenance, "java.util.concurrent.TimeUnit")))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(provenance(enumProvenance, "org.tribuo.Example"))).doesNotThrowAnyException();
        assertThatCode(() -> check(provenance(enumProvenance, "com.oracle.labs.mlrg.olcut.X")))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(provenance(enumProvenance, ""))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(provenance(enumProvenance, "javax.Evil")))
                .hasMessage(refused("names enum class 'javax.Evil' (at ModelProto<Model>.serialized_data"
                        + ".additional), which is not in the allow-list of Tribuo's, OLCUT's and the JDK's classes "
                        + "and TribuoLoadConfig.allowedClasses []; it was not loaded"));
        assertThatCode(() -> check(provenance(enumProvenance, "com.example.Colour"), 1_000,
                TribuoLoadConfig.ofDefaults().withAllowedClasses(Set.of("com.example.Colour"))))
                .doesNotThrowAnyException();
    }

    @Test
    void outerClassNamesAreTheCamelCaseOfTheProtoFileName() {
        assertThat(ProtoModelCheck.outerClassName("tribuo-math.proto")).isEqualTo("TribuoMath");
        assertThat(ProtoModelCheck.outerClassName("tribuo_classification_sgd.proto"))
                .isEqualTo("TribuoClassificationSgd");
        assertThat(ProtoModelCheck.outerClassName("a1b2c.proto")).isEqualTo("A1B2C");
        assertThat(ProtoModelCheck.outerClassName("core")).isEqualTo("Core");
        assertThat(ProtoModelCheck.outerClassName("x.proto.txt")).isEqualTo("XProtoTxt");
    }

    @Test
    void theKnownTypesAreTribuosAndWhatTheyImport() {
        assertThat(ProtoModelCheck.knownTypes()).containsKeys("tribuo.core.ModelProto", "google.protobuf.Any",
                "tribuo.math.impl.DenseTensorProto", "tribuo.math.impl.SparseTensorProto",
                "tribuo.classification.sgd.ClassificationLinearSGDProto");
        assertThat(ProtoModelCheck.knownTypes()).isSameAs(ProtoModelCheck.knownTypes());
    }
}

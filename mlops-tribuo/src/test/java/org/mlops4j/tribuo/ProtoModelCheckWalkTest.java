package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.AnyProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.RootProvenanceProto;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.SimpleProvenanceProto;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ArtifactIntegrityException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.math.protos.DenseTensorProto;
import org.tribuo.math.protos.LinearParametersProto;
import org.tribuo.math.protos.SparseTensorProto;
import org.tribuo.math.protos.TensorProto;
import org.tribuo.math.protos.TribuoMathImpl;
import org.tribuo.protos.core.ExampleDataProto;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TransformerMapProto;

/**
 * Which fields of a message type the check walks (those through which an {@code Any}, a tensor or a
 * named class can be reached), computed afresh and through the per-type cache, on Tribuo's types
 * and on types built here (a descriptor built in a test is new to the cache); and the envelope,
 * provenance and tensor rules on messages of shapes Tribuo's types do not have.
 */
class ProtoModelCheckWalkTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    private static final Path FILE = Path.of("m.tribuo");

    private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static FieldDescriptorProto message(String name, int number, String typeName) {
        return field(name, number, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(typeName).build();
    }

    private static FieldDescriptorProto string(String name, int number) {
        return field(name, number, FieldDescriptorProto.Type.TYPE_STRING).build();
    }

    private static FieldDescriptorProto int32(String name, int number) {
        return field(name, number, FieldDescriptorProto.Type.TYPE_INT32).build();
    }

    private static FieldDescriptorProto repeated(FieldDescriptorProto f) {
        return f.toBuilder().setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).build();
    }

    private static DescriptorProto type(String name, FieldDescriptorProto... fields) {
        return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
    }

    /** A new file of test types (new descriptors each call), importing Any and Tribuo's tensors. */
    private static FileDescriptor testTypes() throws Exception {
        String any = ".google.protobuf.Any";
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("mlops4j_walk_test.proto")
                .setPackage("walktest").setSyntax("proto3")
                .addDependency(AnyProto.getDescriptor().getName())
                .addDependency(TribuoMathImpl.getDescriptor().getName())
                .addMessageType(type("Plain", int32("x", 1), string("s", 2)))
                .addMessageType(type("Node", int32("x", 1), message("child", 2, ".walktest.Node")))
                .addMessageType(type("Named", string("class_name", 1)))
                .addMessageType(type("Provenanced", string("provenance_class_name", 1)))
                .addMessageType(type("Middle", message("any", 1, any)))
                .addMessageType(type("Deep", message("plain", 1, ".walktest.Plain"),
                        message("middle", 2, ".walktest.Middle")))
                .addMessageType(type("Loop", message("self", 1, ".walktest.Loop"), message("any", 2, any)))
                .addMessageType(type("Walked",
                        string("name", 1),
                        message("plain", 2, ".walktest.Plain"),
                        message("any", 3, any),
                        message("dense", 4, ".tribuo.math.impl.DenseTensorProto"),
                        message("sparse", 5, ".tribuo.math.impl.SparseTensorProto"),
                        message("named", 6, ".walktest.Named"),
                        message("prov", 7, ".walktest.Provenanced"),
                        message("deep", 8, ".walktest.Deep"),
                        message("node", 9, ".walktest.Node"),
                        repeated(message("many", 10, ".walktest.Named")),
                        message("loop", 11, ".walktest.Loop")))
                // Envelope look-alikes: a class_name that is no string or is repeated, a serialized_data that
                // is no Any; and provenance look-alikes.
                .addMessageType(type("IntClassName", int32("class_name", 1), message("serialized_data", 2, any)))
                .addMessageType(type("RepeatedClassName", repeated(string("class_name", 1)),
                        message("serialized_data", 2, any)))
                .addMessageType(type("PlainData", string("class_name", 1),
                        message("serialized_data", 2, ".walktest.Plain")))
                .addMessageType(type("StringData", string("class_name", 1), string("serialized_data", 2)))
                .addMessageType(type("Rec", repeated(message("children", 1, ".walktest.Rec")),
                        message("any", 2, any)))
                .addMessageType(type("IntProvenance", int32("provenance_class_name", 1)))
                .addMessageType(type("RepeatedProvenance", repeated(string("provenance_class_name", 1))))
                .addMessageType(type("IntAdditional", string("provenance_class_name", 1), int32("additional", 2)))
                .addMessageType(type("RepeatedAdditional", string("provenance_class_name", 1),
                        repeated(string("additional", 2))))
                .build();
        return FileDescriptor.buildFrom(file,
                new FileDescriptor[] {AnyProto.getDescriptor(), TribuoMathImpl.getDescriptor()});
    }

    private static List<String> names(List<FieldDescriptor> fields) {
        return fields.stream().map(FieldDescriptor::getName).toList();
    }

    @Test
    void theWalkedFieldsAreThoseReachingAnAnyATensorOrANamedClass() throws Exception {
        Descriptor walked = testTypes().findMessageTypeByName("Walked");

        List<String> expected = List.of("any", "dense", "sparse", "named", "prov", "deep", "many", "loop");
        assertThat(names(ProtoModelCheck.fieldsToWalk(walked))).isEqualTo(expected);
        // A type new to the cache: computed, then the same list again.
        List<FieldDescriptor> cached = ProtoModelCheck.messageFields(walked);
        assertThat(names(cached)).isEqualTo(expected);
        assertThat(ProtoModelCheck.messageFields(walked)).isSameAs(cached);
        assertThat(ProtoModelCheck.fieldsToWalk(testTypes().findMessageTypeByName("Node"))).isEmpty();
        assertThat(names(ProtoModelCheck.fieldsToWalk(testTypes().findMessageTypeByName("Loop"))))
                .containsExactly("self", "any");
    }

    @Test
    void theWalkedFieldsOfTribuosTypes() {
        Map<Descriptor, List<String>> expected = Map.of(
                ModelProto.getDescriptor(), List.of("serialized_data"),
                ModelDataProto.getDescriptor(), List.of("provenance", "feature_domain", "output_domain"),
                TransformerMapProto.getDescriptor(),
                        List.of("transformers", "datasetProvenance", "transformationMapProvenance"),
                ExampleDataProto.getDescriptor(), List.of("output"),
                LinearParametersProto.getDescriptor(), List.of("weightMatrix"),
                TensorProto.getDescriptor(), List.of("serialized_data"),
                DenseTensorProto.getDescriptor(), List.of(),
                SimpleProvenanceProto.getDescriptor(), List.of());
        expected.forEach((type, fields) -> {
            assertThat(names(ProtoModelCheck.fieldsToWalk(type))).as(type.getFullName()).isEqualTo(fields);
            assertThat(ProtoModelCheck.messageFields(type)).as(type.getFullName())
                    .isEqualTo(ProtoModelCheck.fieldsToWalk(type));
        });
        assertThat(names(ProtoModelCheck.fieldsToWalk(RootProvenanceProto.getDescriptor()))).isNotEmpty();
    }

    private static ProtoModelCheck checker(Descriptor... types) {
        Map<String, Descriptor> known = new java.util.HashMap<>(ProtoModelCheck.knownTypes());
        for (Descriptor t : types) {
            known.put(t.getFullName(), t);
        }
        return new ProtoModelCheck(FILE, 1_000_000, TribuoLoadConfig.ofDefaults(), known);
    }

    private static DynamicMessage.Builder build(Descriptor type) {
        return DynamicMessage.newBuilder(type);
    }

    /**
     * Only a string class_name beside an Any serialized_data makes an envelope; other look-alikes are
     * walked as plain messages, their class_name neither read as a string nor checked.
     */
    @Test
    void onlyAStringClassNameBesideAnAnyIsAnEnvelope() throws Exception {
        FileDescriptor types = testTypes();
        Descriptor intName = types.findMessageTypeByName("IntClassName");
        Descriptor repeatedName = types.findMessageTypeByName("RepeatedClassName");
        Descriptor plainData = types.findMessageTypeByName("PlainData");
        ProtoModelCheck check = checker();

        DynamicMessage a = build(intName).setField(intName.findFieldByName("class_name"), 7).build();
        assertThatCode(() -> check.check(a, "IntClassName")).doesNotThrowAnyException();
        DynamicMessage b = build(repeatedName)
                .addRepeatedField(repeatedName.findFieldByName("class_name"), "com.example.Evil").build();
        assertThatCode(() -> check.check(b, "RepeatedClassName")).doesNotThrowAnyException();
        DynamicMessage c = build(plainData).setField(plainData.findFieldByName("class_name"), "com.example.Evil")
                .build();
        assertThatCode(() -> check.check(c, "PlainData")).doesNotThrowAnyException();
        Descriptor named = types.findMessageTypeByName("Named");
        DynamicMessage d = build(named).setField(named.findFieldByName("class_name"), "com.example.Evil").build();
        assertThatCode(() -> check.check(d, "Named")).doesNotThrowAnyException();
        Descriptor stringData = types.findMessageTypeByName("StringData");
        DynamicMessage e = build(stringData).setField(stringData.findFieldByName("class_name"), "com.example.Evil")
                .setField(stringData.findFieldByName("serialized_data"), "x").build();
        assertThatCode(() -> check.check(e, "StringData")).doesNotThrowAnyException();
        // The same class in a real envelope is refused.
        assertThatThrownBy(() -> check.check(TensorProto.newBuilder().setClassName("com.example.Evil").build(),
                "TensorProto")).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("names class 'com.example.Evil' (at TensorProto.class_name)");
    }

    @Test
    void onlyASingleStringProvenanceClassNameIsCheckedAndOnlyASingleStringEnumClass() throws Exception {
        FileDescriptor types = testTypes();
        Descriptor intProvenance = types.findMessageTypeByName("IntProvenance");
        Descriptor repeatedProvenance = types.findMessageTypeByName("RepeatedProvenance");
        Descriptor intAdditional = types.findMessageTypeByName("IntAdditional");
        Descriptor repeatedAdditional = types.findMessageTypeByName("RepeatedAdditional");
        ProtoModelCheck check = checker();
        String enumProvenance = EnumProvenance.class.getName();

        DynamicMessage a = build(intProvenance).setField(intProvenance.findFieldByName("provenance_class_name"), 7)
                .build();
        assertThatCode(() -> check.check(a, "IntProvenance")).doesNotThrowAnyException();
        DynamicMessage b = build(repeatedProvenance)
                .addRepeatedField(repeatedProvenance.findFieldByName("provenance_class_name"), "com.example.Evil")
                .build();
        assertThatCode(() -> check.check(b, "RepeatedProvenance")).doesNotThrowAnyException();
        DynamicMessage c = build(intAdditional)
                .setField(intAdditional.findFieldByName("provenance_class_name"), enumProvenance)
                .setField(intAdditional.findFieldByName("additional"), 7).build();
        assertThatCode(() -> check.check(c, "IntAdditional")).doesNotThrowAnyException();
        DynamicMessage d = build(repeatedAdditional)
                .setField(repeatedAdditional.findFieldByName("provenance_class_name"), enumProvenance)
                .addRepeatedField(repeatedAdditional.findFieldByName("additional"), "com.example.Evil").build();
        assertThatCode(() -> check.check(d, "RepeatedAdditional")).doesNotThrowAnyException();
        // No additional field at all.
        Descriptor provenanced = types.findMessageTypeByName("Provenanced");
        DynamicMessage e = build(provenanced)
                .setField(provenanced.findFieldByName("provenance_class_name"), enumProvenance).build();
        assertThatCode(() -> check.check(e, "Provenanced")).doesNotThrowAnyException();
        // OLCUT's own message with the same values is checked.
        assertThatThrownBy(() -> check.check(SimpleProvenanceProto.newBuilder().setProvenanceClassName(enumProvenance)
                .setAdditional("com.example.Evil").build(), "SimpleProvenanceProto"))
                .hasMessageContaining("names enum class 'com.example.Evil' (at SimpleProvenanceProto.additional)");
    }

    /** A chain of {@code levels} messages, each the only element of its parent's repeated field. */
    private static DynamicMessage chain(Descriptor rec, int levels) {
        FieldDescriptor children = rec.findFieldByName("children");
        DynamicMessage m = DynamicMessage.getDefaultInstance(rec);
        for (int i = 1; i < levels; i++) {
            m = DynamicMessage.newBuilder(rec).addRepeatedField(children, m).build();
        }
        return m;
    }

    /** Repeated fields count towards the nesting limit as single ones do: the root is level 0. */
    @Test
    void messagesNestedInRepeatedFieldsDeeperThanTheLimitAreRefused() throws Exception {
        Descriptor rec = testTypes().findMessageTypeByName("Rec");
        ProtoModelCheck check = checker();
        assertThatCode(() -> check.check(chain(rec, ProtoModelCheck.MAX_DEPTH + 1), "Rec"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check.check(chain(rec, ProtoModelCheck.MAX_DEPTH + 2), "Rec"))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("nests messages deeper than 200 levels (at Rec.children.children.");
    }

    @Test
    void forgettingTheCachesComputesTheWalkedFieldsAgain() {
        List<FieldDescriptor> before = ProtoModelCheck.messageFields(ModelProto.getDescriptor());
        assertThat(ProtoModelCheck.messageFields(ModelProto.getDescriptor())).isSameAs(before);
        ProtoModelCheck.forgetCaches();
        assertThat(ProtoModelCheck.messageFields(ModelProto.getDescriptor())).isNotSameAs(before).isEqualTo(before);
    }

    /** An unset message field is not walked: an unset tensor envelope would name the class "". */
    @Test
    void unsetFieldsAreNotWalked() {
        ModelProto noWeights = ModelProto.newBuilder().setClassName("org.tribuo.Model")
                .setSerializedData(Any.pack(LinearParametersProto.getDefaultInstance())).build();
        assertThatCode(() -> new ProtoModelCheck(FILE, 1_000, TribuoLoadConfig.ofDefaults()).check(noWeights))
                .doesNotThrowAnyException();
        ModelProto emptyWeights = ModelProto.newBuilder().setClassName("org.tribuo.Model")
                .setSerializedData(Any.pack(LinearParametersProto.newBuilder()
                        .setWeightMatrix(TensorProto.getDefaultInstance()).build())).build();
        assertThatThrownBy(() -> new ProtoModelCheck(FILE, 1_000, TribuoLoadConfig.ofDefaults()).check(emptyWeights))
                .hasMessageContaining("names class '' (at ModelProto<Model>.serialized_data.weightMatrix.class_name)");
    }

    /** A sparse tensor without dimensions is one row of one value (Tribuo's shape product of nothing is 1). */
    @Test
    void aSparseTensorWithoutDimensionsIsOneRow() {
        ModelProto oneValue = ModelProto.newBuilder().setClassName("org.tribuo.Model")
                .setSerializedData(Any.pack(TensorProto.newBuilder().setClassName("org.tribuo.math.la.SparseVector")
                        .setSerializedData(Any.pack(SparseTensorProto.newBuilder().setNumNonZero(1)
                                .setValues(ByteString.copyFrom(new byte[8])).build())).build())).build();
        assertThatCode(() -> new ProtoModelCheck(FILE, 1, TribuoLoadConfig.ofDefaults()).check(oneValue))
                .doesNotThrowAnyException();
    }

    /** The walk of a real model, trained by Tribuo, passes; its fields walked are those computed afresh. */
    @Test
    void aRealModelPassesAndItsTypesWalkTheFreshlyComputedFields() throws Exception {
        Model<Label> classifier = TribuoFixtures.classifier();
        ModelProto real = classifier.serialize();
        assertThatCode(() -> new ProtoModelCheck(FILE, real.getSerializedSize(), TribuoLoadConfig.ofDefaults())
                .check(real)).doesNotThrowAnyException();
        for (Descriptor type : ProtoModelCheck.knownTypes().values()) {
            assertThat(ProtoModelCheck.messageFields(type)).as(type.getFullName())
                    .isEqualTo(ProtoModelCheck.fieldsToWalk(type));
        }
    }
}

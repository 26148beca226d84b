package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

class TribuoModelsTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    private static Model<Label> classifier;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        classifier = TribuoFixtures.classifier();
    }

    @Test
    void savedModelLoadsBackAndPredictsIdentically() {
        ModelArtifact artifact = TribuoModels.save(classifier, dir.resolve("nested/fraud.tribuo"));
        assertThat(artifact.file()).exists();
        assertThat(artifact.sha256()).isEqualTo(ModelArtifact.sha256Of(artifact.file()));
        assertThat(dir.resolve("nested")).isDirectoryNotContaining("glob:**.tmp");

        Model<Label> loaded = TribuoModels.load(artifact, Label.class);

        TribuoPredictor<Label> before = TribuoPredictor.of(classifier);
        TribuoPredictor<Label> after = TribuoPredictor.of(loaded);
        for (Map<String, Object> row : TribuoFixtures.rows(200, 11)) {
            assertThat(after.predict(row).getOutputScores()).isEqualTo(before.predict(row).getOutputScores());
        }
        assertThat(loaded.getProvenance()).isEqualTo(classifier.getProvenance());
    }

    @Test
    void corruptedFileFailsTheChecksumBeforeParsing() throws Exception {
        ModelArtifact artifact = TribuoModels.save(classifier, dir.resolve("m.tribuo"));
        byte[] bytes = Files.readAllBytes(artifact.file());
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(artifact.file(), bytes);

        assertThatThrownBy(() -> TribuoModels.load(artifact, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining(artifact.sha256());
    }

    @Test
    void truncatedFileWithMatchingChecksumIsNotAModel() throws Exception {
        ModelArtifact saved = TribuoModels.save(classifier, dir.resolve("m.tribuo"));
        byte[] bytes = Files.readAllBytes(saved.file());
        Path truncated = Files.write(dir.resolve("t.tribuo"), java.util.Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> TribuoModels.load(ModelArtifact.of(truncated), Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("is not a Tribuo protobuf model");
    }

    @Test
    void wrongOutputTypeIsRefused() {
        ModelArtifact artifact = TribuoModels.save(classifier, dir.resolve("m.tribuo"));
        assertThatThrownBy(() -> TribuoModels.load(artifact, Regressor.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not predict Regressor");
    }

    @Test
    void javaSerializedModelsLoadOnlyWithExplicitConsent() throws Exception {
        Path file = dir.resolve("legacy.ser");
        try (OutputStream out = Files.newOutputStream(file); ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(classifier);
        }
        ModelArtifact artifact = ModelArtifact.of(file);

        assertThatThrownBy(() -> TribuoModels.load(artifact, Label.class))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("loadJavaSerialized");

        Model<Label> loaded = TribuoModels.loadJavaSerialized(artifact, Label.class, JavaSerialization.I_TRUST_THIS_FILE);
        Map<String, Object> row = TribuoFixtures.rows(1, 3).get(0);
        assertThat(TribuoPredictor.of(loaded).predict(row).getOutputScores())
                .isEqualTo(TribuoPredictor.of(classifier).predict(row).getOutputScores());
        assertThatThrownBy(() -> TribuoModels.loadJavaSerialized(artifact, Label.class, null))
                .isInstanceOf(NullPointerException.class).hasMessage("consent");
    }

    @Test
    void javaDeserializationRefusesClassesOutsideTheAllowList() throws Exception {
        Path file = dir.resolve("gadget.ser");
        try (OutputStream out = Files.newOutputStream(file); ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(new javax.management.AttributeList(List.of()));
        }
        assertThatThrownBy(() -> TribuoModels.loadJavaSerialized(ModelArtifact.of(file), Label.class,
                JavaSerialization.I_TRUST_THIS_FILE))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("allow-list");
    }

    /** Before, a 44-byte file declaring an array of 2^31 - 1 elements threw a raw OutOfMemoryError. */
    @Test
    void javaDeserializationRefusesAnArrayLongerThanItsFile() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
            oos.writeObject(new long[0]);   // 2^31 - 1 longs: 16 GiB, more than any heap here
        }
        byte[] stream = bytes.toByteArray();
        // The array's length is the stream's last four bytes (it has no elements): declare 2^31 - 1.
        int at = stream.length - 4;
        stream[at] = 0x7f;
        stream[at + 1] = (byte) 0xff;
        stream[at + 2] = (byte) 0xff;
        stream[at + 3] = (byte) 0xff;
        Path file = dir.resolve("huge.ser");
        Files.write(file, stream);
        assertThat(Files.size(file)).isLessThan(64);
        assertThatThrownBy(() -> TribuoModels.loadJavaSerialized(ModelArtifact.of(file), Label.class,
                JavaSerialization.I_TRUST_THIS_FILE))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("huge.ser");
    }

    @Test
    void registryLoadsTribuoModelsByAlias() {
        ModelRegistry registry = new InMemoryModelRegistry();
        ModelArtifact artifact = TribuoModels.save(classifier, dir.resolve("m.tribuo"));
        registry.register(ModelRegistration.builder("fraud").artifact(artifact).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));

        Model<Label> loaded = registry.load("models:/fraud@champion", TribuoModels.loader(Label.class));

        assertThat(loaded.getProvenance()).isEqualTo(classifier.getProvenance());
    }
}

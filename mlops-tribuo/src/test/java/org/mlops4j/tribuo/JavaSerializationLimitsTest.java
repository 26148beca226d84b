package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.registry.ModelArtifact;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.regression.Regressor;

/**
 * The limits of Java deserialization, measured on real Tribuo models (linear, a decision tree
 * grown on noisy labels to 71 levels, random forests) and tried on a "SerialDOS" stream of nested
 * hash sets; and the same real models through the protobuf checks.
 */
class JavaSerializationLimitsTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    private static final Map<String, Model<?>> REAL = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        REAL.put("logistic regression", TribuoFixtures.classifier());
        REAL.put("linear SGD regression", TribuoFixtures.regressor());
        REAL.put("CART", new CARTClassificationTrainer().train(TribuoFixtures.classification(5_000, 2)));
        REAL.put("random forest", new RandomForestTrainer<>(new CARTClassificationTrainer(Integer.MAX_VALUE, 0.5f, 7),
                new VotingCombiner(), 20).train(TribuoFixtures.classification(5_000, 4)));
        REAL.put("CART on noisy labels", new CARTClassificationTrainer().train(noisy(20_000, 5)));
        REAL.put("random forest on noisy labels", new RandomForestTrainer<>(
                new CARTClassificationTrainer(Integer.MAX_VALUE, 0.5f, 7), new VotingCombiner(), 10)
                .train(noisy(20_000, 6)));
    }

    /** The fixture's rows with 30% of the labels flipped: a CART tree grows deep fitting them. */
    private static MutableDataset<Label> noisy(int n, long seed) {
        List<Map<String, Object>> rows = TribuoFixtures.rows(n, seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Label> labels = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String truth = TribuoFixtures.truth(r);
            labels.add(new Label(rnd.nextDouble() < 0.3 ? (truth.equals("pos") ? "neg" : "pos") : truth));
        }
        return TribuoExamples.dataset(rows, labels, new LabelFactory(), "noisy labels, seed " + seed);
    }

    private Path serialize(String name, Object object) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(object);
        }
        return file;
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void realTribuoModelsLoadWellWithinTheJavaSerializationLimits() throws Exception {
        TribuoLoadConfig limits = TribuoLoadConfig.ofDefaults();
        long[] highest = new long[3];
        for (Map.Entry<String, Model<?>> e : REAL.entrySet()) {
            Path file = serialize(e.getKey().replace(' ', '-') + ".ser", e.getValue());
            long[] max = new long[2];
            int nesting;
            try (BoundedObjectInputStream in = new BoundedObjectInputStream(
                    new ByteArrayInputStream(Files.readAllBytes(file)), Integer.MAX_VALUE)) {
                in.setObjectInputFilter(info -> {
                    max[0] = Math.max(max[0], info.depth());
                    max[1] = Math.max(max[1], info.references());
                    return ObjectInputFilter.Status.UNDECIDED;
                });
                in.readObject();
                nesting = in.highestNesting();
            }
            String tree = e.getValue() instanceof TreeModel<?> t ? ", tree depth " + t.getDepth() : "";
            System.out.printf("java serialization: %s, %d bytes%s: depth %d, references %d, collection nesting %d%n",
                    e.getKey(), Files.size(file), tree, max[0], max[1], nesting);
            highest[0] = Math.max(highest[0], max[0]);
            highest[1] = Math.max(highest[1], max[1]);
            highest[2] = Math.max(highest[2], nesting);

            Class outputType = e.getValue().validate(Regressor.class) ? Regressor.class : Label.class;
            Model<?> loaded = TribuoModels.loadJavaSerialized(ModelArtifact.of(file), outputType,
                    JavaSerialization.I_TRUST_THIS_FILE);
            assertThat(loaded.getProvenance()).isEqualTo(e.getValue().getProvenance());
        }
        // Headroom: the defaults are at least twice the deepest, 64 times the most references, 4 times the nesting.
        assertThat(highest[0] * 2).isLessThanOrEqualTo(limits.javaMaxDepth());
        assertThat(highest[1] * 64).isLessThanOrEqualTo(limits.javaMaxRefs());
        assertThat(highest[2] * 4).isLessThanOrEqualTo(limits.javaMaxCollectionNesting());
        assertThat(highest[0]).as("the noisy CART tree is deep").isGreaterThan(70);
    }

    /**
     * The "SerialDOS" stream: every level holds two sets that both hold the next level's two, so
     * hashing a set of height h takes 2^h steps. Before, 25 levels took 1.3 s and every level doubled it.
     */
    @Test
    void aNestedHashSetBombIsRefusedQuickly() throws Exception {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("level " + i);   // t1 and t2 differ, so both are kept
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        Path file = serialize("bomb.ser", root);
        assertThat(Files.size(file)).isLessThan(4_096);

        long start = System.nanoTime();
        assertThatThrownBy(() -> TribuoModels.loadJavaSerialized(ModelArtifact.of(file), Label.class,
                JavaSerialization.I_TRUST_THIS_FILE))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("bomb.ser")
                .hasMessageContaining("collections nested 9 levels deep")
                .hasMessageContaining("javaMaxCollectionNesting 8");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("SerialDOS: %d-byte stream of 30 nested set levels refused in %d ms%n", Files.size(file),
                millis);
        assertThat(millis).as("refused in milliseconds, not the 2^30 hashing steps it asks for").isLessThan(5_000);
    }

    @Test
    void theDepthAndReferenceLimitsAreApplied() throws Exception {
        Model<?> deepTree = REAL.get("CART on noisy labels");
        ModelArtifact file = ModelArtifact.of(serialize("deep.ser", deepTree));

        assertThatThrownBy(() -> TribuoModels.loadJavaSerialized(file, Label.class,
                JavaSerialization.I_TRUST_THIS_FILE, TribuoLoadConfig.ofDefaults().withJavaMaxDepth(40)))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("deep.ser").hasMessageContaining("javaMaxDepth 40");
        assertThatThrownBy(() -> TribuoModels.loadJavaSerialized(file, Label.class,
                JavaSerialization.I_TRUST_THIS_FILE, TribuoLoadConfig.ofDefaults().withJavaMaxRefs(1_000)))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("javaMaxRefs 1000");
        assertThatThrownBy(() -> TribuoLoadConfig.ofDefaults().withJavaMaxDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("javaMaxDepth")
                .hasMessageContaining("0");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void realTreeAndEnsembleModelsPassTheProtobufChecks() {
        for (Map.Entry<String, Model<?>> e : REAL.entrySet()) {
            ModelArtifact artifact = TribuoModels.save(e.getValue(), dir.resolve(e.getKey().replace(' ', '-')
                    + ".tribuo"));
            Class outputType = e.getValue().validate(Regressor.class) ? Regressor.class : Label.class;
            Model<?> loaded = TribuoModels.load(artifact, outputType);
            assertThat(loaded.getProvenance()).as(e.getKey()).isEqualTo(e.getValue().getProvenance());
        }
    }
}

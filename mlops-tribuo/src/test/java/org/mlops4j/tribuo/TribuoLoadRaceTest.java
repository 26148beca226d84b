package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/**
 * The registry race with real Tribuo models: while loads run, a thread keeps renaming another
 * model file of exactly the same size over the registered one and back.
 */
class TribuoLoadRaceTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    private static final int LOADS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aTribuoModelSwappedDuringLoadsIsNeverTheOneLoaded() throws Exception {
        Model<Label> genuine = new LogisticRegressionTrainer().train(TribuoFixtures.classification(2_000, 1));
        Model<Label> attacker = new LogisticRegressionTrainer().train(TribuoFixtures.classification(2_000, 2));
        Path registered = TribuoModels.save(genuine, dir.resolve("model.tribuo")).file();
        Path attackerFile = TribuoModels.save(attacker, dir.resolve("attacker.tribuo")).file();
        assertThat(Files.size(attackerFile)).isEqualTo(Files.size(registered));
        Path aside = dir.resolve("aside.tribuo");
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion version = registry.register(ModelRegistration.builder("race")
                .artifact(ModelArtifact.of(registered)).build());
        ModelLoader<Model<Label>> loader = TribuoModels.loader(Label.class);

        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(registered, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(attackerFile, registered, StandardCopyOption.ATOMIC_MOVE);
                    Thread.onSpinWait();
                    Files.move(registered, attackerFile, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(aside, registered, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "swapper");
        swapper.start();
        int loadedGenuine = 0;
        int loadedAttacker = 0;
        int refused = 0;
        int otherFailures = 0;
        try {
            for (int i = 0; i < LOADS; i++) {
                try {
                    Model<Label> loaded = registry.load(version, loader);
                    if (loaded.getProvenance().equals(genuine.getProvenance())) {
                        loadedGenuine++;
                    } else {
                        loadedAttacker++;
                    }
                } catch (ArtifactIntegrityException e) {
                    refused++;
                } catch (StoreException e) {
                    otherFailures++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        System.out.printf("tribuo swap race: %d loads, %d genuine, %d refused, %d other failures, "
                + "%d loaded the attacker's model%n", LOADS, loadedGenuine, refused, otherFailures, loadedAttacker);
        assertThat(loadedAttacker).as("loads that returned the attacker's model").isZero();
        assertThat(otherFailures).as("loads failing otherwise than as an integrity error").isZero();
        assertThat(refused).as("the swap really raced the loads").isPositive();
    }
}

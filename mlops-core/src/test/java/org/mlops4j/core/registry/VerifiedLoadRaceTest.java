package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;

/**
 * A real race: while loads run, another thread keeps renaming an attacker's file of the same size
 * over the registered one and back. The bytes a loader parses must be the bytes whose SHA-256 was
 * checked, so every load either returns the genuine model or fails with an
 * {@link ArtifactIntegrityException}; none parses the attacker's file.
 */
class VerifiedLoadRaceTest {

    private static final int LOADS = 4_000;

    @TempDir
    Path dir;

    @Test
    void theBytesParsedAreTheBytesHashedWhileTheFileIsSwapped() throws Exception {
        String genuine = "genuine model " + "g".repeat(4_000);
        String attacker = "attacker code " + "a".repeat(4_000);
        assertThat(attacker).hasSameSizeAs(genuine);
        Path registered = Files.writeString(dir.resolve("model.bin"), genuine, StandardCharsets.US_ASCII);
        Path attackerFile = Files.writeString(dir.resolve("attacker.bin"), attacker, StandardCharsets.US_ASCII);
        Path aside = dir.resolve("aside.bin");
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion version = registry.register(ModelRegistration.builder("race")
                .artifact(ModelArtifact.of(registered)).build());

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
        int parsedGenuine = 0;
        int parsedAttacker = 0;
        int refused = 0;
        int otherFailures = 0;
        try {
            for (int i = 0; i < LOADS; i++) {
                try {
                    String parsed = registry.load(version,
                            file -> Files.readString(file, StandardCharsets.US_ASCII));
                    if (parsed.equals(genuine)) {
                        parsedGenuine++;
                    } else {
                        parsedAttacker++;
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
        System.out.printf("swap race: %d loads, %d genuine, %d refused, %d other failures, "
                + "%d parsed the attacker's file%n", LOADS, parsedGenuine, refused, otherFailures, parsedAttacker);
        assertThat(parsedAttacker).as("loads that parsed the attacker's file").isZero();
        assertThat(otherFailures).as("loads failing otherwise than as an integrity error").isZero();
        assertThat(parsedGenuine + refused).isEqualTo(LOADS);
        assertThat(refused).as("the swap really raced the loads").isPositive();
    }
}

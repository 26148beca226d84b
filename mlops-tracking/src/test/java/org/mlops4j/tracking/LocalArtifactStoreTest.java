package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;

class LocalArtifactStoreTest {

    @TempDir
    Path tempDir;

    private Path file(String name, String content) throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("sources"));
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aRunDirectoryPlantedAsALinkIsRefusedOnWriteListAndRead() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(tempDir.resolve("store"));
        Path outside = Files.createDirectories(tempDir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside the store");
        Files.createSymbolicLink(store.root().resolve("run1"), outside);

        assertThatThrownBy(() -> store.copyInto("run1", file("model.txt", "m"), ""))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("run1 is a symbolic link");
        assertThat(outside.resolve("model.txt")).doesNotExist();
        assertThatThrownBy(() -> store.open("run1", "secret.txt"))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.list("run1"))
                .isInstanceOf(ArtifactIntegrityException.class);
    }

    @Test
    void aDirectoryOrFilePlantedAsALinkInsideARunIsRefused() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(tempDir.resolve("store"));
        store.copyInto("run1", file("a.txt", "a"), "");
        Path outside = Files.createDirectories(tempDir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "outside the store");
        Files.createSymbolicLink(store.root().resolve("run1/eval"), outside);
        Files.createSymbolicLink(store.root().resolve("run1/leak.txt"), secret);

        assertThatThrownBy(() -> store.copyInto("run1", file("b.txt", "b"), "eval"))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("eval is a symbolic link");
        assertThat(outside.resolve("b.txt")).doesNotExist();
        assertThatThrownBy(() -> store.open("run1", "eval/secret.txt"))
                .isInstanceOf(ArtifactIntegrityException.class);
        assertThatThrownBy(() -> store.open("run1", "leak.txt"))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("leak.txt is a symbolic link");
        // Writing over a planted file link does not write through it either.
        assertThatThrownBy(() -> store.copyInto("run1", file("leak.txt", "overwrite"), ""))
                .isInstanceOf(ArtifactIntegrityException.class);
        assertThat(secret).hasContent("outside the store");
        assertThatThrownBy(() -> store.list("run1"))
                .isInstanceOf(ArtifactIntegrityException.class);
        // The genuine file is still readable.
        try (InputStream in = store.open("run1", "a.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a");
        }
    }

    @Test
    void temporaryFilesLeftByAKilledCopyAreDeletedOnOpenOnceOldEnough() throws Exception {
        Path root = tempDir.resolve("store");
        LocalArtifactStore store = new LocalArtifactStore(root);
        store.copyInto("run1", file("a.txt", "a"), "eval");
        Path old = Files.writeString(root.resolve("run1/eval/.tmp-123.part"), "half a file");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path young = Files.writeString(root.resolve("run1/.tmp-456.part"), "another process is writing it");
        Path notOurs = Files.writeString(root.resolve("run1/eval/notes.part"), "a user's file");
        Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        new LocalArtifactStore(root);

        assertThat(old).doesNotExist();
        assertThat(young).exists();
        assertThat(notOurs).exists();
        assertThat(new LocalArtifactStore(root).list("run1")).containsExactly("eval/a.txt",
                "eval/notes.part");
    }
}

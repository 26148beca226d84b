package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;

class ModelArtifactTest {

    // FIPS 180-2 test vectors: SHA-256("abc") and SHA-256("").
    private static final String SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SHA_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    @Test
    void computesTheStandardDigest() throws Exception {
        Path abc = Files.writeString(dir.resolve("abc"), "abc", StandardCharsets.US_ASCII);
        Path empty = Files.createFile(dir.resolve("empty"));

        assertThat(ModelArtifact.of(abc).sha256()).isEqualTo(SHA_ABC);
        assertThat(ModelArtifact.of(empty).sha256()).isEqualTo(SHA_EMPTY);
    }

    @Test
    void digestsLargeFilesAcrossBufferBoundaries() throws Exception {
        byte[] bytes = new byte[200_003];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path f = Files.write(dir.resolve("big"), bytes);
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(ModelArtifact.sha256Of(f)).isEqualTo(expected);
    }

    @Test
    void verifyDetectsAChangedFileAndNeverCallsTheLoader() throws Exception {
        Path f = Files.writeString(dir.resolve("model.bin"), "abc");
        ModelArtifact artifact = ModelArtifact.of(f);
        Files.writeString(f, "abd");

        assertThatThrownBy(artifact::verify)
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining(SHA_ABC);
        assertThatThrownBy(() -> artifact.load(path -> {
            throw new AssertionError("loader must not run on a corrupted file");
        })).isInstanceOf(ArtifactIntegrityException.class);
    }

    @Test
    void missingFileIsAnIntegrityError() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ModelArtifact.of(missing))
                .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> new ModelArtifact(missing, SHA_ABC).verify())
                .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ModelArtifact.of(dir)).isInstanceOf(ArtifactIntegrityException.class);
    }

    @Test
    void loaderIoFailureBecomesAStoreException() throws Exception {
        Path f = Files.writeString(dir.resolve("m"), "abc");
        assertThatThrownBy(() -> ModelArtifact.of(f).load(path -> {
            throw new java.io.IOException("truncated");
        })).isInstanceOf(StoreException.class).hasMessageContaining("truncated").hasMessageContaining(f.toString());
    }

    @Test
    void refusesMalformedDigests() {
        Path f = dir.resolve("x");
        assertThatThrownBy(() -> new ModelArtifact(f, "ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ABC'");
        assertThatThrownBy(() -> new ModelArtifact(f, SHA_ABC.toUpperCase()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelArtifact(null, SHA_ABC)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anArtifactLargerThanTheLoadersLimitIsRefusedNamingTheLimit() throws Exception {
        Path f = Files.write(dir.resolve("big.bin"), new byte[100_001]);
        ModelArtifact artifact = ModelArtifact.of(f);
        ModelLoader<Integer> size = path -> (int) Files.size(path);

        assertThat(artifact.load(size.withMaxArtifactBytes(100_001))).isEqualTo(100_001);
        assertThatThrownBy(() -> artifact.load(size.withMaxArtifactBytes(100_000)))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("maximum of 100000 bytes")
                .hasMessageContaining("withMaxArtifactBytes");
        assertThatThrownBy(() -> size.withMaxArtifactBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxArtifactBytes").hasMessageContaining("-1");
        assertThat(size.maxArtifactBytes()).isEqualTo(ModelLoader.DEFAULT_MAX_ARTIFACT_BYTES);
    }

    @Test
    void aPathLoaderReadsAPrivateCopyOfTheVerifiedBytesNotTheArtifactFile() throws Exception {
        Path f = Files.writeString(dir.resolve("model.bin"), "abc");
        ModelArtifact artifact = ModelArtifact.of(f);
        Path[] seen = new Path[1];

        String read = artifact.load(path -> {
            seen[0] = path;
            return Files.readString(path);
        });

        assertThat(read).isEqualTo("abc");
        assertThat(seen[0]).isNotEqualTo(f).hasFileName("model.bin");
        assertThat(seen[0]).doesNotExist();
    }

    @Test
    void aBytesLoaderGetsTheVerifiedBytes() throws Exception {
        Path f = Files.writeString(dir.resolve("model.bin"), "abc");
        VerifiedArtifact verified = ModelArtifact.of(f).readVerified(3);

        assertThat(verified.toByteArray()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(verified.openStream().readAllBytes()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(verified.sha256()).isEqualTo(SHA_ABC);
        assertThat(verified.size()).isEqualTo(3);
        assertThatThrownBy(() -> ModelArtifact.of(f).readVerified(2)).isInstanceOf(ArtifactIntegrityException.class);
    }
}

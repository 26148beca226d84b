package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ArtifactIntegrityException;

/**
 * {@link VerifiedArtifact#read}: the byte cap at its edge whatever the size hint, the buffer grown
 * across many reads, the hash check, and what the result holds.
 */
class VerifiedArtifactTest {

    private static final Path FILE = Path.of("model.bin");
    private static final String SHA_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static VerifiedArtifact read(byte[] b, long max, long hint) throws Exception {
        return VerifiedArtifact.read(new ByteArrayInputStream(b), FILE, sha(b), max, hint);
    }

    private static String tooLarge(int max) {
        return "model artifact model.bin is larger than the maximum of " + max + " bytes a loader accepts "
                + "(ModelLoader.maxArtifactBytes, default 1073741824; raise it with loader.withMaxArtifactBytes(n)); "
                + "refusing to load it";
    }

    @Test
    void exactlyMaxBytesAreReadAndOneMoreIsRefusedWhateverTheSizeHint() throws Exception {
        for (int size : new int[] {0, 1, 100, 8_191, 8_192, 8_193, 20_000, 100_003}) {
            byte[] b = bytes(size);
            for (long hint : new long[] {0, size - 1L, size, size + 1L, 1L << 40}) {
                VerifiedArtifact v = read(b, size, hint);
                assertThat(v.toByteArray()).as("size %d, hint %d", size, hint).isEqualTo(b);
                assertThat(v.size()).isEqualTo(size);
                if (size > 0) {
                    assertThatThrownBy(() -> read(b, size - 1, hint)).as("size %d, hint %d", size, hint)
                            .isInstanceOf(ArtifactIntegrityException.class).hasMessage(tooLarge(size - 1));
                }
            }
        }
    }

    @Test
    void theCapStopsReadingAnEndlessStream() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 1);
                return len;
            }
        };
        assertThatThrownBy(() -> VerifiedArtifact.read(endless, FILE, SHA_EMPTY, 50_000))
                .isInstanceOf(ArtifactIntegrityException.class).hasMessage(tooLarge(50_000));
    }

    /** A stream may hand out a few bytes at a time, or none on one call: it is read to its end all the same. */
    @Test
    void aStreamReadInSmallPiecesAndEmptyReadsIsReadToItsEnd() throws Exception {
        byte[] b = bytes(30_000);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(b)) {
            private int calls;

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return ++calls % 3 == 0 ? 0 : super.read(buf, off, Math.min(len, 7));
            }
        };
        VerifiedArtifact v = VerifiedArtifact.read(trickle, FILE, sha(b), 30_000);
        assertThat(v.toByteArray()).isEqualTo(b);
        assertThat(v.openStream().readAllBytes()).isEqualTo(b);
    }

    @Test
    void theBytesMustHaveTheExpectedDigest() throws Exception {
        byte[] b = bytes(10);
        String other = sha(bytes(11));
        assertThatThrownBy(() -> VerifiedArtifact.read(new ByteArrayInputStream(b), FILE, other, 100))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessage("checksum mismatch for model artifact model.bin: expected sha256 " + other
                        + " but the file has " + sha(b) + "; refusing to load it");
        VerifiedArtifact empty = VerifiedArtifact.read(new ByteArrayInputStream(new byte[0]), FILE, SHA_EMPTY, 0);
        assertThat(empty.size()).isZero();
        assertThat(empty.toByteArray()).isEmpty();
    }

    @Test
    void whatAVerifiedArtifactHolds() throws Exception {
        byte[] b = bytes(9_000);
        VerifiedArtifact v = read(b, 1_000_000, 0);
        assertThat(v.file()).isEqualTo(FILE);
        assertThat(v.sha256()).isEqualTo(sha(b));
        assertThat(v.size()).isEqualTo(9_000);
        assertThat(v.openStream().readAllBytes()).isEqualTo(b);
        byte[] copy = v.toByteArray();
        copy[0] ^= 1;
        assertThat(v.toByteArray()).isEqualTo(b);
        assertThat(v).hasToString("VerifiedArtifact[model.bin, 9000 bytes, sha256 " + sha(b) + "]");
    }

    @Test
    void badArgumentsAreRefusedBeforeReading() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> VerifiedArtifact.read(null, FILE, SHA_EMPTY, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("in");
        assertThatThrownBy(() -> VerifiedArtifact.read(in, null, SHA_EMPTY, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("file");
        assertThatThrownBy(() -> VerifiedArtifact.read(in, FILE, SHA_EMPTY.toUpperCase(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerifiedArtifact.read(in, FILE, SHA_EMPTY, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxArtifactBytes must be from 0 to 2147483639 but was -1");
        assertThatThrownBy(() -> VerifiedArtifact.read(in, FILE, SHA_EMPTY, 2_147_483_640L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxArtifactBytes must be from 0 to 2147483639 but was 2147483640");
        assertThat(VerifiedArtifact.checkMaxBytes(0)).isZero();
        assertThat(VerifiedArtifact.checkMaxBytes(ModelLoader.MAX_ARTIFACT_BYTES)).isEqualTo(2_147_483_639);
    }
}

package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.serving.Buckets;
import org.tribuo.util.MurmurHash3;

/**
 * The sticky buckets of mlops-serving, checked against an independent MurmurHash3 x86_32: Tribuo's.
 * It lives here because no module but this one may depend on Tribuo.
 */
class BucketsAgreeWithTribuoMurmurTest {

    @Test
    void bucketIsTribuosUnsignedMurmurOfSaltColonKeyModuloTenThousand() {
        SplittableRandom rnd = new SplittableRandom(7);
        String[] alphabet = {"a", "Z", "0", ":", "é", "ß", "中", "🙂", "ñ", "\u0000"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder salt = new StringBuilder();
            StringBuilder key = new StringBuilder();
            for (int j = rnd.nextInt(6); j > 0; j--) {
                salt.append(alphabet[rnd.nextInt(alphabet.length)]);
            }
            for (int j = rnd.nextInt(12); j > 0; j--) {
                key.append(alphabet[rnd.nextInt(alphabet.length)]);
            }
            byte[] bytes = (salt + ":" + key).getBytes(StandardCharsets.UTF_8);
            long unsigned = Integer.toUnsignedLong(MurmurHash3.murmurhash3_x86_32(bytes, 0, bytes.length, 0));
            assertThat(Buckets.of(salt.toString(), key.toString())).as("salt=%s key=%s", salt, key)
                    .isEqualTo((int) (unsigned % Buckets.BUCKETS));
        }
    }
}

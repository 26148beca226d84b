package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The collection nesting limit of {@link BoundedObjectInputStream}, on small serialized collections:
 * the height of a collection is 1 + the highest of its elements (keys and values for a map), and a
 * collection one higher than the limit is refused.
 */
class BoundedObjectInputStreamTest {

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** Lists in lists, {@code height} levels, the innermost holding a string. */
    private static List<Object> nested(int height) {
        List<Object> list = new ArrayList<>(List.of("leaf"));
        for (int i = 1; i < height; i++) {
            list = new ArrayList<>(List.of(list));
        }
        return list;
    }

    private static int highest(Object o, int maxNesting) throws Exception {
        try (BoundedObjectInputStream in = new BoundedObjectInputStream(new ByteArrayInputStream(serialize(o)),
                maxNesting)) {
            assertThat(in.readObject()).isEqualTo(o);
            return in.highestNesting();
        }
    }

    private static void assertRefused(Object o, int maxNesting, int height) {
        assertThatThrownBy(() -> highest(o, maxNesting))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessage("collections nested " + height + " levels deep, more than "
                        + "TribuoLoadConfig.javaMaxCollectionNesting " + maxNesting);
    }

    @Test
    void collectionsNestedUpToTheLimitAreReadAndOneLevelMoreIsRefused() throws Exception {
        assertThat(highest(nested(3), 3)).isEqualTo(3);
        assertRefused(nested(4), 3, 4);
        assertThat(highest(nested(1), 1)).isEqualTo(1);
        assertRefused(nested(2), 1, 2);
    }

    @Test
    void theHighestElementDecidesAndNullsAndPlainObjectsCountZero() throws Exception {
        List<Object> mixed = new ArrayList<>(Arrays.asList(null, "x", nested(1), nested(3), nested(2), 7));
        assertThat(highest(mixed, 4)).isEqualTo(4);
        assertRefused(mixed, 3, 4);
        assertThat(highest("just a string", 1)).isZero();
        assertThat(highest(new ArrayList<>(), 1)).isEqualTo(1);
    }

    @Test
    void aMapIsOneHigherThanItsHighestKeyOrValue() throws Exception {
        Map<Object, Object> byKey = new HashMap<>();
        byKey.put(nested(2), "v");
        byKey.put("k", nested(1));
        Map<Object, Object> byValue = new HashMap<>();
        byValue.put("k", nested(2));
        byValue.put(nested(1), "v");

        assertThat(highest(byKey, 3)).isEqualTo(3);
        assertThat(highest(byValue, 3)).isEqualTo(3);
        assertRefused(byKey, 2, 3);
        assertRefused(byValue, 2, 3);
        assertThat(highest(new HashMap<>(Map.of("k", "v")), 1)).isEqualTo(1);
    }

    /** The nesting read so far is the highest of every collection read, not the last one. */
    @Test
    void theHighestNestingIsKeptAcrossObjects() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(nested(3));
            out.writeObject(nested(1));
        }
        try (BoundedObjectInputStream in = new BoundedObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray()), 3)) {
            in.readObject();
            in.readObject();
            assertThat(in.highestNesting()).isEqualTo(3);
        }
    }
}

package org.mlops4j.tribuo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An {@link ObjectInputStream} that refuses collections nested deeper than a limit, before the
 * collection holding one too deep hashes it.
 *
 * <p>The "SerialDOS" stream is a few kilobytes of hash sets each holding two sets of the next
 * level: reading it is linear, but adding a set of nesting height <i>h</i> to its parent hashes it
 * in 2^<i>h</i> steps (set hash codes are recursive and not cached), so the time doubles with
 * every level (1.3 s at 25 levels, days at 50). A depth limit cannot stop it without refusing real
 * models: a decision tree serializes one level per node depth (a 71-level CART tree is 77 levels
 * deep). So each collection or map, once read and before it is handed to its container, is given
 * its nesting height, 1 + the highest among its elements (keys and values for a map), and one
 * higher than the limit is refused: at most about 2^limit hashing steps happen first.
 */
final class BoundedObjectInputStream extends ObjectInputStream {

    private final int maxNesting;
    private final IdentityHashMap<Object, Integer> heights = new IdentityHashMap<>();
    private int highest;

    /**
     * @param in the serialized bytes
     * @param maxNesting the highest collection nesting accepted
     * @throws IOException if the stream header cannot be read
     */
    BoundedObjectInputStream(InputStream in, int maxNesting) throws IOException {
        super(in);
        this.maxNesting = maxNesting;
        enableResolveObject(true);
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
        int height;
        if (obj instanceof Collection<?> c) {
            height = 1 + highestOf(c);
        } else if (obj instanceof Map<?, ?> m) {
            height = 1 + Math.max(highestOf(m.keySet()), highestOf(m.values()));
        } else {
            return obj;
        }
        if (height > maxNesting) {
            throw new InvalidObjectException("collections nested " + height + " levels deep, more than "
                    + "TribuoLoadConfig.javaMaxCollectionNesting " + maxNesting);
        }
        heights.put(obj, height);
        highest = Math.max(highest, height);
        return obj;
    }

    private int highestOf(Collection<?> elements) {
        int h = 0;
        for (Object e : elements) {
            if (e != null) {
                h = Math.max(h, heights.getOrDefault(e, 0));
            }
        }
        return h;
    }

    /** @return the highest collection nesting read so far */
    int highestNesting() {
        return highest;
    }
}

package org.mlops4j.serving;

/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain algorithm) over the UTF-8 bytes of
 * {@code salt + ":" + key}, computed without allocating: the bytes are produced on the fly from the
 * characters, so bucketing costs no garbage on the prediction path.
 */
final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private int h;
    private int block;
    private int filled;
    private int length;

    private Murmur3() {
    }

    /**
     * Hashes {@code salt + ":" + key} as UTF-8 with seed 0.
     *
     * @return the 32-bit hash
     */
    static int hash(String salt, String key) {
        Murmur3 m = new Murmur3();
        m.chars(salt);
        m.add((byte) ':');
        m.chars(key);
        return m.finish();
    }

    /** The same over plain bytes, for tests. */
    static int hash(byte[] data) {
        Murmur3 m = new Murmur3();
        for (byte b : data) {
            m.add(b);
        }
        return m.finish();
    }

    private void chars(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                add((byte) c);
            } else if (c < 0x800) {
                add((byte) (0xc0 | (c >> 6)));
                add((byte) (0x80 | (c & 0x3f)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                add((byte) (0xf0 | (cp >> 18)));
                add((byte) (0x80 | ((cp >> 12) & 0x3f)));
                add((byte) (0x80 | ((cp >> 6) & 0x3f)));
                add((byte) (0x80 | (cp & 0x3f)));
            } else if (Character.isSurrogate(c)) {
                add((byte) '?'); // a lone surrogate encodes as '?', as String.getBytes(UTF_8) does
            } else {
                add((byte) (0xe0 | (c >> 12)));
                add((byte) (0x80 | ((c >> 6) & 0x3f)));
                add((byte) (0x80 | (c & 0x3f)));
            }
        }
    }

    private void add(byte b) {
        block |= (b & 0xff) << (8 * filled);
        length++;
        if (++filled == 4) {
            int k = block * C1;
            k = Integer.rotateLeft(k, 15) * C2;
            h ^= k;
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
            block = 0;
            filled = 0;
        }
    }

    private int finish() {
        if (filled > 0) {
            int k = block * C1;
            k = Integer.rotateLeft(k, 15) * C2;
            h ^= k;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}

package org.mlops4j.monitoring.log;

/**
 * Keeps a reproducible share of prediction ids: a 64-bit hash of the id and a seed (FNV-1a over
 * the characters, then the SplitMix64 finaliser), whose top 53 bits, as a uniform number in
 * [0, 2^53), are compared with {@code rate * 2^53}. The same id and seed always give the same
 * answer, so a prediction and its later labels are kept or dropped together. Immutable.
 */
final class IdSampler {

    private final long threshold;
    private final boolean keepAll;
    private final long seed;

    IdSampler(double rate, long seed) {
        this.keepAll = rate >= 1.0;
        this.threshold = (long) (rate * (1L << 53));
        this.seed = seed;
    }

    boolean keeps(String id) {
        return keepAll || (mix(id) >>> 11) < threshold;
    }

    private long mix(String id) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}

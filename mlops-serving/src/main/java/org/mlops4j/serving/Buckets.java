package org.mlops4j.serving;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sticky traffic assignment that every replica computes alike with no shared state: a routing key
 * falls in bucket {@code murmur3_x86_32(utf8(salt + ":" + key), seed 0)} read as an unsigned 32-bit
 * integer, modulo 10,000. A variant with a weight of {@code w} basis points gets the keys whose
 * bucket is below its share, so raising a canary's weight only adds keys, never moves one back.
 */
public final class Buckets {

    /** The number of buckets: weights are in basis points (1/100 of a percent). */
    public static final int BUCKETS = 10_000;

    private Buckets() {
    }

    /**
     * Returns the bucket of a routing key.
     *
     * @param salt the salt, usually the endpoint's name
     * @param routingKey the key, for example a user id
     * @return the bucket in [0, 10000)
     */
    public static int of(String salt, String routingKey) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(routingKey, "routingKey");
        return (int) (Integer.toUnsignedLong(Murmur3.hash(salt, routingKey)) % BUCKETS);
    }

    /**
     * Returns the bucket of a key, or a random bucket for a call without one.
     *
     * @param salt the salt
     * @param routingKey the key, or {@code null}
     * @return the bucket in [0, 10000)
     */
    static int ofNullable(String salt, String routingKey) {
        return routingKey == null ? ThreadLocalRandom.current().nextInt(BUCKETS) : of(salt, routingKey);
    }

    /**
     * Checks a weight in basis points.
     *
     * @param name the argument's name, for the message
     * @param weight the weight
     * @return the weight
     * @throws IllegalArgumentException if it is outside [0, 10000]
     */
    static int checkWeight(String name, int weight) {
        if (weight < 0 || weight > BUCKETS) {
            throw new IllegalArgumentException(name + " must be in [0, 10000] basis points but was " + weight);
        }
        return weight;
    }
}

package org.mlops4j.spark;

import java.io.Serializable;

/**
 * What travels from the driver to the executors in a broadcast: a version's verified bytes and
 * who it is. The registry itself never leaves the driver.
 */
final class ShippedModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String uri;
    private final int version;
    private final String sha256;
    private final byte[] bytes;

    ShippedModel(String uri, int version, String sha256, byte[] bytes) {
        this.uri = uri;
        this.version = version;
        this.sha256 = sha256;
        this.bytes = bytes.clone();
    }

    String uri() {
        return uri;
    }

    int version() {
        return version;
    }

    String sha256() {
        return sha256;
    }

    /** A copy, so that a loader keeping or changing the array cannot touch the broadcast value. */
    byte[] bytes() {
        return bytes.clone();
    }

    int size() {
        return bytes.length;
    }
}

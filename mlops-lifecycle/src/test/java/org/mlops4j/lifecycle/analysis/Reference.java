package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads {@code analysis/reference.json}, written by {@code analysis/generate_reference.py}. */
final class Reference {

    private static JsonNode root;

    private Reference() {
    }

    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Reference.class.getResourceAsStream("/analysis/reference.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** {@code offset + scale * ((i * mult) % mod) / mod}, as the script's {@code synthetic()}. */
    static double[] synthetic(JsonNode spec) {
        int n = spec.get("n").asInt();
        long mult = spec.get("mult").asLong();
        long mod = spec.get("mod").asLong();
        double offset = spec.get("offset").asDouble();
        double scale = spec.get("scale").asDouble();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = offset + scale * ((i * mult % mod) / (double) mod);
        }
        return out;
    }

    /** Asserts {@code actual} is within {@code relative} of {@code expected}, or 1e-300 absolute. */
    static void assertClose(String what, double actual, double expected, double relative) {
        assertThat(actual).as(what)
                .isCloseTo(expected, within(Math.max(1e-300, relative * Math.abs(expected))));
    }
}

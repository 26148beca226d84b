package org.mlops4j.core.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one variant did in one or more windows, in a form that merges exactly: routed requests, the
 * errors and timeouts among them, fallback attempts, the latencies of answered routed calls as a
 * {@link LatencySketch}, and routed answers per predicted label. The counts have the meaning of
 * {@link org.mlops4j.core.signal.VariantFigures}'s. {@link #merge} is associative and commutative and
 * has {@link #empty()} as its identity, so windows of many replicas merge in any order.
 *
 * <p>Label matches (feedback joined with ground truth) are not part of it yet: feedback is counted
 * per key, not per window.
 *
 * @param requests calls routed to this variant, answered or failed
 * @param errors routed calls that failed (timeouts included)
 * @param timeouts routed calls that timed out
 * @param fallbacks attempts this variant made as the fallback of another one
 * @param latency the latencies of answered routed calls, in milliseconds
 * @param predictedLabels routed answers per predicted label (classifiers; empty otherwise)
 */
public record VariantAggregate(long requests, long errors, long timeouts, long fallbacks, LatencySketch latency,
                               Map<String, Long> predictedLabels) {

    /** The first byte of {@link #encode()}'s format: bump it when the format changes. */
    static final byte FORMAT = 1;
    private static final VariantAggregate EMPTY = new VariantAggregate(0, 0, 0, 0, LatencySketch.empty(), Map.of());

    /**
     * Validates and copies the aggregate.
     *
     * @param requests calls routed to this variant, answered or failed
     * @param errors routed calls that failed (timeouts included)
     * @param timeouts routed calls that timed out
     * @param fallbacks attempts this variant made as the fallback of another one
     * @param latency the latencies of answered routed calls, in milliseconds
     * @param predictedLabels routed answers per predicted label
     * @throws IllegalArgumentException if a count is negative, a part exceeds its whole or a label
     *     count is not positive
     */
    public VariantAggregate {
        Objects.requireNonNull(latency, "latency");
        predictedLabels = Map.copyOf(new TreeMap<>(Objects.requireNonNull(predictedLabels, "predictedLabels")));
        // 0 <= timeouts <= errors and latencies + errors <= requests also keep errors and requests >= 0.
        if (timeouts < 0 || fallbacks < 0 || timeouts > errors || latency.count() + errors > requests) {
            throw new IllegalArgumentException("an aggregate must have 0 <= timeouts <= errors, latencies + errors <= "
                    + "requests and fallbacks >= 0, but had requests=" + requests + ", errors=" + errors + ", timeouts="
                    + timeouts + ", fallbacks=" + fallbacks + ", latencies=" + latency.count());
        }
        predictedLabels.forEach((label, n) -> {
            if (n <= 0) {
                throw new IllegalArgumentException("predictedLabels counts must be positive but " + label + " was "
                        + n);
            }
        });
    }

    /** @return the aggregate of no traffic, the identity of {@link #merge} */
    public static VariantAggregate empty() {
        return EMPTY;
    }

    /**
     * Adds two aggregates.
     *
     * @param other another aggregate (of the same variant, another window or replica)
     * @return the aggregate of both
     * @throws ArithmeticException if a count overflows
     */
    public VariantAggregate merge(VariantAggregate other) {
        Objects.requireNonNull(other, "other");
        Map<String, Long> labels = new TreeMap<>(predictedLabels);
        other.predictedLabels.forEach((label, n) -> labels.merge(label, n, Math::addExact));
        return new VariantAggregate(Math.addExact(requests, other.requests), Math.addExact(errors, other.errors),
                Math.addExact(timeouts, other.timeouts), Math.addExact(fallbacks, other.fallbacks),
                latency.merge(other.latency), labels);
    }

    /**
     * The aggregate's stable binary form: a format byte, the four counts, the latency buckets and the
     * labels in their natural order (big-endian, labels in modified UTF-8 as
     * {@link DataOutputStream#writeUTF}). Equal aggregates encode to equal bytes.
     *
     * @return the bytes, which {@link #decode} reads back
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(requests);
            out.writeLong(errors);
            out.writeLong(timeouts);
            out.writeLong(fallbacks);
            int[] buckets = latency.bucketIndices();
            long[] counts = latency.bucketCounts();
            out.writeInt(buckets.length);
            for (int i = 0; i < buckets.length; i++) {
                out.writeShort(buckets[i]);
                out.writeLong(counts[i]);
            }
            Map<String, Long> sorted = new TreeMap<>(predictedLabels);
            out.writeInt(sorted.size());
            for (Map.Entry<String, Long> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an aggregate written by {@link #encode()}.
     *
     * @param bytes the encoded aggregate
     * @return the aggregate
     * @throws IllegalArgumentException if the bytes are not an encoded aggregate of a known format
     */
    public static VariantAggregate decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("aggregate format must be " + FORMAT + " but was " + format);
            }
            long requests = in.readLong();
            long errors = in.readLong();
            long timeouts = in.readLong();
            long fallbacks = in.readLong();
            int n = checkedSize(in.readInt(), LatencySketch.BUCKETS, "bucket count");
            int[] buckets = new int[n];
            long[] counts = new long[n];
            for (int i = 0; i < n; i++) {
                buckets[i] = in.readUnsignedShort();
                counts[i] = in.readLong();
            }
            int labels = checkedSize(in.readInt(), bytes.length, "label count");
            Map<String, Long> predicted = new TreeMap<>();
            for (int i = 0; i < labels; i++) {
                predicted.put(in.readUTF(), in.readLong());
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("aggregate bytes have " + in.available() + " trailing bytes");
            }
            return new VariantAggregate(requests, errors, timeouts, fallbacks, LatencySketch.ofBuckets(buckets, counts),
                    predicted);
        } catch (IOException e) {
            throw new IllegalArgumentException("aggregate bytes of length " + bytes.length + " are truncated", e);
        }
    }

    private static int checkedSize(int n, int max, String what) {
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("aggregate " + what + " must be in [0, " + max + "] but was " + n);
        }
        return n;
    }
}

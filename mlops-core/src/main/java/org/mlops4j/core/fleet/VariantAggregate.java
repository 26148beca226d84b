package org.mlops4j.core.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one variant did in one or more windows, in a form that merges exactly: routed requests, the
 * errors and timeouts among them, fallback attempts, the latencies of answered routed calls as a
 * {@link LatencySketch}, routed answers per predicted label, the routed answers joined with a
 * ground-truth label in the window and how many of them were right, and the windows' input and
 * output profiles. The counts have the meaning of {@link org.mlops4j.core.signal.VariantFigures}'s.
 * {@link #merge} is associative and commutative and has {@link #empty()} as its identity, so windows
 * of many replicas merge in any order.
 *
 * <p><b>Feedback.</b> Labels arrive after their predictions, often after the prediction's window
 * closed: {@code labelled} and {@code correct} count the labels that arrived while the window was
 * open (routed answers only, classifiers only), so summing windows counts every label once and the
 * ratio is the accuracy of the labels of that period.
 *
 * <p><b>Profiles.</b> {@code inputProfiles} and {@code outputProfiles} are opaque to this module: each
 * is one window's profile in its owner's serialized form (mlops-monitoring's
 * {@code ReferenceProfile} JSON), and a merge keeps every window's profile, sorted, so the merge stays
 * exact, associative and commutative here; the owner folds them into one profile
 * ({@code org.mlops4j.monitoring.profile.FleetProfiles}), and a compaction of old windows can store
 * the folded profile instead of the list. A merged aggregate therefore holds one profile per window
 * it merged.
 *
 * @param requests calls routed to this variant, answered or failed
 * @param errors routed calls that failed (timeouts included)
 * @param timeouts routed calls that timed out
 * @param fallbacks attempts this variant made as the fallback of another one
 * @param latency the latencies of answered routed calls, in milliseconds
 * @param predictedLabels routed answers per predicted label (classifiers; empty otherwise)
 * @param labelled routed answers joined with a ground-truth label while the window was open
 * @param correct those of them whose predicted label was the truth
 * @param inputProfiles the windows' input profiles, serialized by their owner, in natural order
 * @param outputProfiles the windows' output profiles, serialized by their owner, in natural order
 */
public record VariantAggregate(long requests, long errors, long timeouts, long fallbacks, LatencySketch latency,
                               Map<String, Long> predictedLabels, long labelled, long correct,
                               List<String> inputProfiles, List<String> outputProfiles) {

    /** The first byte of {@link #encode()}'s format: bump it when the format changes. */
    static final byte FORMAT = 2;
    /** The format before feedback and profiles (fleet schema version 5 as first shipped), still read. */
    static final byte FORMAT_1 = 1;
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
     * @param labelled routed answers joined with a ground-truth label while the window was open
     * @param correct those of them whose predicted label was the truth
     * @param inputProfiles the windows' serialized input profiles, in any order (kept sorted)
     * @param outputProfiles the windows' serialized output profiles, in any order (kept sorted)
     * @throws IllegalArgumentException if a count is negative, a part exceeds its whole or a label
     *     count is not positive
     */
    public VariantAggregate {
        Objects.requireNonNull(latency, "latency");
        predictedLabels = Map.copyOf(new TreeMap<>(Objects.requireNonNull(predictedLabels, "predictedLabels")));
        inputProfiles = List.copyOf(sorted(inputProfiles, "inputProfiles"));
        outputProfiles = List.copyOf(sorted(outputProfiles, "outputProfiles"));
        // 0 <= timeouts <= errors and latencies + errors <= requests also keep errors and requests >= 0;
        // 0 <= correct <= labelled keeps labelled >= 0.
        if (timeouts < 0 || fallbacks < 0 || timeouts > errors || latency.count() + errors > requests || correct < 0
                || correct > labelled) {
            throw new IllegalArgumentException("an aggregate must have 0 <= timeouts <= errors, latencies + errors <= "
                    + "requests, fallbacks >= 0 and 0 <= correct <= labelled, but had requests=" + requests
                    + ", errors=" + errors + ", timeouts=" + timeouts + ", fallbacks=" + fallbacks + ", latencies="
                    + latency.count() + ", labelled=" + labelled + ", correct=" + correct);
        }
        predictedLabels.forEach((label, n) -> {
            if (n <= 0) {
                throw new IllegalArgumentException("predictedLabels counts must be positive but " + label + " was "
                        + n);
            }
        });
    }

    /**
     * An aggregate without feedback or profiles.
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
    public VariantAggregate(long requests, long errors, long timeouts, long fallbacks, LatencySketch latency,
                            Map<String, Long> predictedLabels) {
        this(requests, errors, timeouts, fallbacks, latency, predictedLabels, 0, 0, List.of(), List.of());
    }

    private static List<String> sorted(List<String> profiles, String name) {
        List<String> copy = new ArrayList<>(Objects.requireNonNull(profiles, name));
        copy.forEach(p -> Objects.requireNonNull(p, name + " element"));
        copy.sort(null);
        return copy;
    }

    /** @return the aggregate of no traffic, the identity of {@link #merge} */
    public static VariantAggregate empty() {
        return EMPTY;
    }

    /**
     * The same aggregate with other profiles: what a compaction stores after folding the windows'
     * profiles into one.
     *
     * @param inputs the serialized input profiles
     * @param outputs the serialized output profiles
     * @return the aggregate with these profiles and the same counts
     */
    public VariantAggregate withProfiles(List<String> inputs, List<String> outputs) {
        return new VariantAggregate(requests, errors, timeouts, fallbacks, latency, predictedLabels, labelled, correct,
                inputs, outputs);
    }

    /**
     * Adds two aggregates.
     *
     * @param other another aggregate (of the same variant, another window or replica)
     * @return the aggregate of both: counts added, sketches merged, both windows' profiles kept
     * @throws ArithmeticException if a count overflows
     */
    public VariantAggregate merge(VariantAggregate other) {
        Objects.requireNonNull(other, "other");
        Map<String, Long> labels = new TreeMap<>(predictedLabels);
        other.predictedLabels.forEach((label, n) -> labels.merge(label, n, Math::addExact));
        return new VariantAggregate(Math.addExact(requests, other.requests), Math.addExact(errors, other.errors),
                Math.addExact(timeouts, other.timeouts), Math.addExact(fallbacks, other.fallbacks),
                latency.merge(other.latency), labels, Math.addExact(labelled, other.labelled),
                Math.addExact(correct, other.correct), concat(inputProfiles, other.inputProfiles),
                concat(outputProfiles, other.outputProfiles));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    /**
     * The aggregate's stable binary form (format 2): a format byte, the four traffic counts, the
     * latency buckets, the labels in their natural order, the two feedback counts and the two lists
     * of profiles (big-endian; labels in modified UTF-8 as {@link DataOutputStream#writeUTF}, profiles
     * as a length and UTF-8 bytes). Equal aggregates encode to equal bytes. Without profiles a window
     * takes 65 bytes plus 10 per latency bucket and 10 plus the label's length per label; each profile
     * adds its text's length plus 4.
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
            out.writeLong(labelled);
            out.writeLong(correct);
            writeProfiles(out, inputProfiles);
            writeProfiles(out, outputProfiles);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void writeProfiles(DataOutputStream out, List<String> profiles) throws IOException {
        out.writeInt(profiles.size());
        for (String p : profiles) {
            byte[] utf8 = p.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    /**
     * Reads an aggregate written by {@link #encode()}, in this format or the first one (which had
     * no feedback and no profiles: they read as zero and empty).
     *
     * @param bytes the encoded aggregate
     * @return the aggregate
     * @throws IllegalArgumentException if the bytes are not an encoded aggregate of a known format
     */
    public static VariantAggregate decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_1) {
                throw new IllegalArgumentException("aggregate format must be " + FORMAT_1 + " or " + FORMAT
                        + " but was " + format);
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
            long labelled = 0;
            long correct = 0;
            List<String> inputs = List.of();
            List<String> outputs = List.of();
            if (format == FORMAT) {
                labelled = in.readLong();
                correct = in.readLong();
                inputs = readProfiles(in, bytes.length);
                outputs = readProfiles(in, bytes.length);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("aggregate bytes have " + in.available() + " trailing bytes");
            }
            return new VariantAggregate(requests, errors, timeouts, fallbacks, LatencySketch.ofBuckets(buckets, counts),
                    predicted, labelled, correct, inputs, outputs);
        } catch (IOException e) {
            throw new IllegalArgumentException("aggregate bytes of length " + bytes.length + " are truncated", e);
        }
    }

    private static List<String> readProfiles(DataInputStream in, int max) throws IOException {
        int n = checkedSize(in.readInt(), max, "profile count");
        List<String> profiles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] utf8 = new byte[checkedSize(in.readInt(), in.available(), "profile length")];
            in.readFully(utf8);
            profiles.add(new String(utf8, StandardCharsets.UTF_8));
        }
        return profiles;
    }

    private static int checkedSize(int n, int max, String what) {
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("aggregate " + what + " must be in [0, " + max + "] but was " + n);
        }
        return n;
    }
}

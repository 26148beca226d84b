package org.mlops4j.monitoring.drift;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A categorical sample encoded against a dictionary: one {@code int} code per value, an index into
 * the dictionary's labels, as Arrow, Parquet and pandas' {@code Categorical} store a column. The
 * categorical tests ({@link CategoricalDriftTest#test(CategoryCodes, CategoryCodes)}) count codes,
 * as {@code np.bincount} does, and hash only the labels of the categories seen, never a value's
 * label, with exactly the answer of {@link CategoricalDriftTest#test(String[], String[])} on the
 * decoded labels.
 *
 * <p>The counts are taken once, when the sample is created, in the order the categories are first
 * seen (the order the label path counts them in, which fixes the order of a statistic's sums). A
 * dictionary label that no value uses is not a category of the sample, as with the labels.
 *
 * <p>Immutable and thread-safe. Memory: 4 bytes per value plus the dictionary.
 */
public final class CategoryCodes {

    private final String[] dictionary;
    private final int[] codes;
    /** Count per category used, in first-seen order (unmodifiable). */
    private final Map<String, Long> counts;

    private CategoryCodes(String[] dictionary, int[] codes) {
        this.dictionary = dictionary;
        this.codes = codes;
        int[] perCode = new int[dictionary.length];
        int[] order = new int[dictionary.length];
        int k = 0;
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            if (c < 0 || c >= dictionary.length) {
                throw new IllegalArgumentException("codes[" + i + "] must be in [0, " + dictionary.length
                        + ") but was " + c);
            }
            if (perCode[c]++ == 0) {
                order[k++] = c;
            }
        }
        Map<String, Long> byLabel = new LinkedHashMap<>();
        for (int j = 0; j < k; j++) {
            byLabel.put(dictionary[order[j]], (long) perCode[order[j]]);
        }
        this.counts = Collections.unmodifiableMap(byLabel);
    }

    /**
     * Wraps codes into a dictionary, as a dictionary-encoded column holds them.
     *
     * @param dictionary the distinct labels; code {@code c} stands for {@code dictionary.get(c)}
     * @param codes one code per value, each in {@code [0, dictionary.size())}; copied
     * @return the encoded sample (it may be empty; a test then rejects it)
     * @throws NullPointerException if an argument or a label is null
     * @throws IllegalArgumentException if a label repeats or a code is out of range (the message
     *     names it)
     */
    public static CategoryCodes of(List<String> dictionary, int[] codes) {
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(codes, "codes");
        String[] labels = dictionary.toArray(new String[0]);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < labels.length; i++) {
            Objects.requireNonNull(labels[i], "dictionary[" + i + "]");
            if (!distinct.add(labels[i])) {
                throw new IllegalArgumentException("dictionary labels must be distinct but '" + labels[i]
                        + "' repeats at dictionary[" + i + "]");
            }
        }
        return new CategoryCodes(labels, codes.clone());
    }

    /**
     * Encodes labels: the dictionary holds the distinct labels in first-seen order. This hashes
     * every label once; a window that encodes its values as they arrive does so instead of at
     * analysis time.
     *
     * @param labels the values
     * @return the encoded sample
     * @throws NullPointerException if {@code labels} or a label is null
     */
    public static CategoryCodes encode(String[] labels) {
        Objects.requireNonNull(labels, "labels");
        Map<String, Integer> index = new HashMap<>();
        int[] codes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label == null) {
                throw new NullPointerException("labels[" + i + "] must not be null");
            }
            Integer code = index.putIfAbsent(label, index.size());
            codes[i] = code == null ? index.size() - 1 : code;
        }
        String[] dictionary = new String[index.size()];
        index.forEach((label, code) -> dictionary[code] = label);
        return new CategoryCodes(dictionary, codes);
    }

    /**
     * Returns the number of values.
     *
     * @return the size
     */
    public int size() {
        return codes.length;
    }

    /**
     * Returns the dictionary.
     *
     * @return the labels, unmodifiable
     */
    public List<String> dictionary() {
        return Collections.unmodifiableList(Arrays.asList(dictionary));
    }

    /**
     * Returns the codes.
     *
     * @return a copy of the codes, in arrival order
     */
    public int[] codes() {
        return codes.clone();
    }

    /**
     * Decodes the values.
     *
     * @return the label of every value, in arrival order
     */
    public String[] labels() {
        String[] out = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = dictionary[codes[i]];
        }
        return out;
    }

    /** Count per category used, in first-seen order; unmodifiable, not a copy. */
    Map<String, Long> counts() {
        return counts;
    }

    @Override
    public String toString() {
        return "CategoryCodes[size=" + codes.length + ", categories=" + counts.size() + "]";
    }
}

package org.mlops4j.monitoring.log;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a data set read by {@link CapturedData} came from and what it held: what a retraining run
 * records so that its model can be traced to its data.
 *
 * @param sha256 the content hash: SHA-256 over the rows' canonical JSON, one per line, in
 *     (time, prediction id) order (see {@link CapturedData}); the same rows give the same hash
 *     whatever the files' layout
 * @param rows the rows
 * @param labelled the rows with a label
 * @param from the start of the time range, inclusive
 * @param to the end of the time range, exclusive
 * @param source the directory and manifest it was read from
 */
public record DatasetLineage(String sha256, long rows, long labelled, Instant from, Instant to, String source) {

    /**
     * Validates the lineage.
     *
     * @param sha256 the content hash, 64 hex digits
     * @param rows the rows, >= 0
     * @param labelled the labelled rows, in [0, rows]
     * @param from the start of the range
     * @param to the end of the range
     * @param source where it was read from
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a count is out of range or the hash is not 64 hex digits
     */
    public DatasetLineage {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(source, "source");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits but was '" + sha256 + "'");
        }
        if (labelled < 0 || labelled > rows) {      // so rows >= 0 too
            throw new IllegalArgumentException("labelled must be in [0, rows] but was " + labelled + " of " + rows);
        }
    }

    /** @return the share of rows with a label, in [0, 1]; 0 for no rows */
    public double labelCoverage() {
        return rows == 0 ? 0.0 : (double) labelled / rows;
    }

    /**
     * The lineage as a tracking run's parameters (or a model version's tags), what an MLflow user
     * expects: {@code dataset.sha256}, {@code dataset.rows}, {@code dataset.labelled},
     * {@code dataset.label_coverage}, {@code dataset.from}, {@code dataset.to} (ISO-8601) and
     * {@code dataset.source}. Log them with {@code run.logParams(lineage.params())}.
     *
     * @return the parameters, in that order
     */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dataset.sha256", sha256);
        params.put("dataset.rows", Long.toString(rows));
        params.put("dataset.labelled", Long.toString(labelled));
        params.put("dataset.label_coverage", Double.toString(labelCoverage()));
        params.put("dataset.from", from.toString());
        params.put("dataset.to", to.toString());
        params.put("dataset.source", source);
        return params;
    }
}

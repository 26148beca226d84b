package org.mlops4j.monitoring.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * A monitoring report: drift test table, per-feature distributions of reference versus current data, output and
 * software metrics over time, and alerts. {@link #toHtml()} gives one self-contained page (inline CSS and SVG, no
 * script and no reference to any network resource) and {@link #toJson()} the same content as JSON.
 *
 * <p>Build one from a monitor snapshot with {@link #builder()} (for example {@code builder().monitor(monitor)}) or run
 * a batch drift check over two CSV files with {@link #fromCsv(Path, Path, Schema)}. Instances are immutable and
 * thread-safe.
 */
public final class MonitoringReport {

    private final String title;
    private final Instant generatedAt;
    private final Optional<DatasetDriftReport> drift;
    private final List<FeatureDistribution> distributions;
    private final List<WindowMetrics> windows;
    private final List<Alert> alerts;

    private MonitoringReport(Builder b) {
        this.title = b.title;
        this.generatedAt = b.clock.now();
        this.drift = Optional.ofNullable(b.drift);
        List<FeatureDistribution> dists = new ArrayList<>();
        if (b.reference != null) {
            for (Feature f : b.reference.schema().features()) {
                dists.add(FeatureDistribution.of(b.reference.feature(f.name()).orElseThrow(),
                        b.current.feature(f.name()).orElseThrow()));
            }
        }
        this.distributions = List.copyOf(dists);
        this.windows = List.copyOf(b.windows);
        this.alerts = List.copyOf(b.alerts);
    }

    /**
     * Starts a report.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a batch drift check over two CSV files with a header row and reports it. Cells are parsed by the schema's
     * feature types (numbers, categories, {@code true}/{@code false}); an empty cell is a missing value; fields may be
     * quoted. The drift table comes from {@link DatasetDriftDetector} with its defaults and the distributions from
     * {@link ReferenceProfile#of(Schema, Iterable)} of each file.
     *
     * @param reference the reference CSV file
     * @param current the current CSV file
     * @param schema the features to read and test
     * @return the report, titled after the two files
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException if a file lacks a feature's column, holds a malformed cell, or the reference
     *     holds no value of a feature
     */
    public static MonitoringReport fromCsv(Path reference, Path current, Schema schema) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(schema, "schema");
        List<Map<String, Object>> ref = CsvRows.read(reference, schema);
        List<Map<String, Object>> cur = CsvRows.read(current, schema);
        DatasetDriftReport drift = DatasetDriftDetector.builder(schema).build().detect(ref, cur);
        return builder()
                .title("Drift report: " + current.getFileName() + " vs " + reference.getFileName())
                .drift(drift)
                .profiles(ReferenceProfile.of(schema, ref), ReferenceProfile.of(schema, cur))
                .build();
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return when the report was built, from the builder's clock */
    public Instant generatedAt() {
        return generatedAt;
    }

    /** @return the drift check, if the report has one */
    public Optional<DatasetDriftReport> drift() {
        return drift;
    }

    /** @return one distribution per schema feature, in schema order; empty without profiles */
    public List<FeatureDistribution> distributions() {
        return distributions;
    }

    /** @return the monitoring windows, in the order given */
    public List<WindowMetrics> windows() {
        return windows;
    }

    /** @return the alerts, in the order given */
    public List<Alert> alerts() {
        return alerts;
    }

    /**
     * Renders the report as one self-contained HTML page: inline CSS and SVG, no script, no external resource; all
     * text from features, categories, rules and endpoints is escaped.
     *
     * @return the HTML document
     */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    /**
     * Renders the same content as JSON; a NaN or infinite number is written as {@code null}.
     *
     * @return the indented JSON document
     */
    public String toJson() {
        return new JsonReport().write(this);
    }

    /**
     * Writes {@link #toHtml()} to a file in UTF-8, replacing it.
     *
     * @param file the target file
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeHtml(Path file) {
        write(file, toHtml());
    }

    /**
     * Writes {@link #toJson()} to a file in UTF-8, replacing it.
     *
     * @param file the target file
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeJson(Path file) {
        write(file, toJson());
    }

    private static void write(Path file, String text) {
        Objects.requireNonNull(file, "file");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report to " + file, e);
        }
    }

    /** Collects the parts of a report; not thread-safe. */
    public static final class Builder {

        private String title = "Monitoring report";
        private Clock clock = Clock.system();
        private DatasetDriftReport drift;
        private ReferenceProfile reference;
        private ReferenceProfile current;
        private final List<WindowMetrics> windows = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the title (default {@code Monitoring report}).
         *
         * @param value the title
         * @return this builder
         * @throws IllegalArgumentException if the title is blank
         */
        public Builder title(String value) {
            Objects.requireNonNull(value, "title");
            if (value.isBlank()) {
                throw new IllegalArgumentException("title must not be blank but was '" + value + "'");
            }
            this.title = value;
            return this;
        }

        /**
         * Sets the clock that stamps the report (default the system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the drift check shown in the drift table.
         *
         * @param value the dataset drift report
         * @return this builder
         */
        public Builder drift(DatasetDriftReport value) {
            this.drift = Objects.requireNonNull(value, "drift");
            return this;
        }

        /**
         * Sets the reference and current profiles whose distributions are drawn, one chart per feature.
         *
         * @param referenceProfile the reference profile
         * @param currentProfile the current profile
         * @return this builder
         * @throws IllegalArgumentException if the profiles have different schemas
         */
        public Builder profiles(ReferenceProfile referenceProfile, ReferenceProfile currentProfile) {
            Objects.requireNonNull(referenceProfile, "referenceProfile");
            Objects.requireNonNull(currentProfile, "currentProfile");
            if (!referenceProfile.schema().equals(currentProfile.schema())) {
                throw new IllegalArgumentException("profiles must share a schema but were " + referenceProfile.schema()
                        + " and " + currentProfile.schema());
            }
            this.reference = referenceProfile;
            this.current = currentProfile;
            return this;
        }

        /**
         * Adds monitoring windows, drawn over time.
         *
         * @param values the windows
         * @return this builder
         */
        public Builder windows(List<WindowMetrics> values) {
            Objects.requireNonNull(values, "windows").forEach(w -> windows.add(Objects.requireNonNull(w, "window")));
            return this;
        }

        /**
         * Adds a snapshot of a monitor's recent windows ({@link ModelMonitor#recentWindows()}).
         *
         * @param monitor the monitor
         * @return this builder
         */
        public Builder monitor(ModelMonitor<?> monitor) {
            return windows(Objects.requireNonNull(monitor, "monitor").recentWindows());
        }

        /**
         * Adds alerts to the alert table.
         *
         * @param values the alerts
         * @return this builder
         */
        public Builder alerts(List<Alert> values) {
            Objects.requireNonNull(values, "alerts").forEach(a -> alerts.add(Objects.requireNonNull(a, "alert")));
            return this;
        }

        /**
         * Builds the report, binning the profiles.
         *
         * @return the report
         */
        public MonitoringReport build() {
            return new MonitoringReport(this);
        }
    }
}

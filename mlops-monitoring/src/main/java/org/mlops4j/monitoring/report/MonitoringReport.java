package org.mlops4j.monitoring.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.FeedbackWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.WindowProfiles;
import org.mlops4j.monitoring.WindowReference;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.review.ReviewMonitor;
import org.mlops4j.monitoring.review.ReviewReading;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.scoping.ScopingTargets;
import org.mlops4j.monitoring.scoping.TargetCheck;

/**
 * A monitoring report: the scoping targets' checks (when given), drift checks (per-feature test, statistic and p-value, with reference-versus-current
 * distributions), output, input and software metrics over time (error ratio, latency, non-null output ratio, drifted
 * share, missing input per feature), accuracy or RMSE over the windows of labelled predictions, the human-review
 * queues (depth, age, expired items, agreement of reviewers with the model), and alerts.
 * {@link #toHtml()} gives one self-contained page (inline CSS and SVG, no script and no reference to any network
 * resource; times in UTC) and {@link #toJson()} the same content as JSON.
 *
 * <p>Build one from a monitor with {@link #builder()} ({@code builder().monitor(monitor)} takes all the monitor
 * measured) or run a batch drift check over two CSV files with {@link #fromCsv(Path, Path, Schema)}. Instances are
 * immutable and thread-safe.
 */
public final class MonitoringReport {

    private final String title;
    private final Instant generatedAt;
    private final List<DriftCheck> driftChecks;
    private final List<WindowMetrics> windows;
    private final List<FeedbackWindow> feedbackWindows;
    private final List<Alert> alerts;
    private final List<ReviewReading> reviewQueues;
    private final List<TargetCheck> targets;
    private final List<EstimatedWindow> estimatedWindows;
    private final List<SegmentWindow> segments;
    private final List<MultivariateWindow> multivariate;

    private MonitoringReport(Builder b) {
        this.title = b.title;
        this.generatedAt = b.clock.now();
        List<DriftCheck> checks = new ArrayList<>();
        if (b.drift != null || b.reference != null) {
            List<FeatureDistribution> dists = new ArrayList<>();
            if (b.reference != null) {
                for (Feature f : b.reference.schema().features()) {
                    dists.add(FeatureDistribution.of(b.reference.feature(f.name()).orElseThrow(),
                            b.current.feature(f.name()).orElseThrow()));
                }
            }
            checks.add(new DriftCheck("Drift check", Optional.ofNullable(b.drift), dists));
        }
        checks.addAll(b.monitorChecks);
        this.driftChecks = List.copyOf(checks);
        this.windows = List.copyOf(b.windows);
        this.feedbackWindows = List.copyOf(b.feedbackWindows);
        this.alerts = List.copyOf(b.alerts);
        this.reviewQueues = List.copyOf(b.reviewQueues);
        this.targets = List.copyOf(b.targets);
        this.estimatedWindows = List.copyOf(b.estimatedWindows);
        this.segments = List.copyOf(b.segments);
        this.multivariate = List.copyOf(b.multivariate);
    }

    /**
     * @return the windows whose performance was estimated, with their realised figures: the "Estimated vs realised
     *     performance" table
     */
    public List<EstimatedWindow> estimatedWindows() {
        return estimatedWindows;
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

    /** @return the multivariate drift of the windows in the "Multivariate drift" table, in the order added */
    public List<MultivariateWindow> multivariateWindows() {
        return multivariate;
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return when the report was built, from the builder's clock */
    public Instant generatedAt() {
        return generatedAt;
    }

    /**
     * The drift checks, in order: the one given to the builder ({@code drift}, {@code profiles}), then one per key of
     * the monitor (its latest analysed window), ordered by endpoint, variant and model version.
     *
     * @return the drift checks, empty when the report has none
     */
    public List<DriftCheck> driftChecks() {
        return driftChecks;
    }

    /** @return the per-feature tests of the first drift check, if it has them */
    public Optional<DatasetDriftReport> drift() {
        return driftChecks.isEmpty() ? Optional.empty() : driftChecks.get(0).drift();
    }

    /**
     * The distributions of the first drift check: one per schema feature, in schema order, for profiles given to the
     * builder; the drifted features of the window for a monitor's check.
     *
     * @return the distributions, empty without a drift check
     */
    public List<FeatureDistribution> distributions() {
        return driftChecks.isEmpty() ? List.of() : driftChecks.get(0).distributions();
    }

    /** @return the monitoring windows, in the order given */
    public List<WindowMetrics> windows() {
        return windows;
    }

    /** @return the completed windows of labelled predictions, in the order given */
    public List<FeedbackWindow> feedbackWindows() {
        return feedbackWindows;
    }

    /** @return the alerts, in the order given */
    public List<Alert> alerts() {
        return alerts;
    }

    /** @return the readings of human-review queues, in the order given */
    public List<ReviewReading> reviewQueues() {
        return reviewQueues;
    }

    /** @return the scoping targets' checks, in the order given; empty when none was given */
    public List<TargetCheck> targets() {
        return targets;
    }

    /**
     * The per-segment figures given ({@link Builder#segments}); the "Segments" table shows the latest
     * window of each key.
     *
     * @return the segment windows, in the order given; empty when none was given
     */
    public List<SegmentWindow> segments() {
        return segments;
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
        private final List<FeedbackWindow> feedbackWindows = new ArrayList<>();
        private final List<DriftCheck> monitorChecks = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();
        private final List<ReviewReading> reviewQueues = new ArrayList<>();
        private final List<TargetCheck> targets = new ArrayList<>();
        private final List<EstimatedWindow> estimatedWindows = new ArrayList<>();
        private final List<SegmentWindow> segments = new ArrayList<>();
        private final List<MultivariateWindow> multivariate = new ArrayList<>();

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
         * Adds completed windows of labelled predictions, drawn as accuracy (or RMSE) over time.
         *
         * @param values the feedback windows
         * @return this builder
         */
        public Builder feedbackWindows(List<FeedbackWindow> values) {
            Objects.requireNonNull(values, "feedbackWindows")
                    .forEach(w -> feedbackWindows.add(Objects.requireNonNull(w, "feedbackWindow")));
            return this;
        }

        /**
         * Adds a snapshot of what a monitor measured: its recent windows ({@link ModelMonitor#recentWindows()}) drawn
         * over time, its recent windows of labelled predictions ({@link ModelMonitor#recentFeedbackWindows()}), its
         * per-segment figures ({@link ModelMonitor#recentSegmentWindows()}), and
         * recent multivariate drift ({@link ModelMonitor#recentMultivariateWindows()}), and
         * per key a drift check of its latest analysed window ({@link ModelMonitor#latestProfiles()}): every
         * feature's test, statistic and p-value, with the reference-versus-current distributions of the features that
         * drifted. A monitor without a reference profile gives no drift check. A monitor that estimates performance
         * ({@link ModelMonitor#recentEstimates()}) adds its estimated windows beside their realised figures.
         *
         * @param monitor the monitor
         * @return this builder
         */
        public Builder monitor(ModelMonitor<?> monitor) {
            Objects.requireNonNull(monitor, "monitor");
            List<WindowMetrics> recent = monitor.recentWindows();
            windows(recent);
            feedbackWindows(monitor.recentFeedbackWindows());
            estimatedWindows(monitor.recentEstimates());
            segments(monitor.recentSegmentWindows());
            multivariate(monitor.recentMultivariateWindows());
            Map<List<Object>, WindowMetrics> byWindow = new LinkedHashMap<>();
            for (WindowMetrics w : recent) {
                byWindow.put(List.of(w.endpoint(), w.variant(), w.model(), w.window()), w);
            }
            Map<List<Object>, WindowReference> references = new LinkedHashMap<>();
            for (WindowReference r : monitor.latestReferences()) {
                references.put(List.of(r.endpoint(), r.variant(), r.model(), r.window()), r);
            }
            for (WindowProfiles p : monitor.latestProfiles()) {
                List<Object> key = List.of(p.endpoint(), p.variant(), p.model(), p.window());
                WindowMetrics w = byWindow.get(key);
                if (w != null) {
                    monitorChecks.add(check(w, p, references.get(key)));
                }
            }
            return this;
        }

        private static DriftCheck check(WindowMetrics w, WindowProfiles p, WindowReference reference) {
            List<FeatureDistribution> dists = new ArrayList<>();
            for (FeatureDrift f : w.inputDrift().map(DatasetDriftReport::features).orElse(List.of())) {
                if (f.verdict() == Verdict.DRIFT) {
                    dists.add(FeatureDistribution.of(p.reference().feature(f.feature()).orElseThrow(),
                            p.current().feature(f.feature()).orElseThrow()));
                }
            }
            String title = w.endpoint() + " / " + w.variant() + " / " + w.model() + ", window " + w.window() + " ("
                    + String.format(java.util.Locale.ROOT, "%,d", w.predictions()) + " predictions), closed "
                    + Numbers.utc(w.end()) + " UTC" + ReferenceLabels.of(reference);
            return new DriftCheck(title, w.inputDrift(), dists);
        }

        /**
         * Adds windows whose performance a monitor estimated ({@link ModelMonitor#recentEstimates()}) to the
         * "Estimated vs realised performance" table: each figure estimated without labels with its band, beside the
         * realised figure of the labels that arrived, and their count and coverage.
         *
         * @param values the estimated windows
         * @return this builder
         */
        public Builder estimatedWindows(List<EstimatedWindow> values) {
            Objects.requireNonNull(values, "estimatedWindows")
                    .forEach(w -> estimatedWindows.add(Objects.requireNonNull(w, "estimatedWindow")));
            return this;
        }

        /**
         * Adds per-segment figures ({@link ModelMonitor#recentSegmentWindows()}) to the "Segments"
         * table, which shows the latest window of each key: every segment's predictions, share of
         * traffic, error ratio, drifted share and features, and prediction shares.
         *
         * @param values the segment windows
         * @return this builder
         */
        public Builder segments(List<SegmentWindow> values) {
            Objects.requireNonNull(values, "segments").forEach(s -> segments.add(Objects.requireNonNull(s, "segment")));
            return this;
        }

        /**
         * Adds windows' multivariate drift to the "Multivariate drift" table (PCA error and thresholds,
         * MMD^2 and p-value, domain classifier AUC and p-value, each method's verdict).
         *
         * @param values the windows, for example {@link ModelMonitor#recentMultivariateWindows()}
         * @return this builder
         */
        public Builder multivariate(List<MultivariateWindow> values) {
            Objects.requireNonNull(values, "multivariate")
                    .forEach(w -> multivariate.add(Objects.requireNonNull(w, "multivariateWindow")));
            return this;
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
         * Adds the latest reading of every queue a review monitor watches ({@link ReviewMonitor#latest()}): depth,
         * claimed items, age p50 and p99, expired items and the agreement of reviewers with the model, in the period
         * and overall. A queue not read yet is left out.
         *
         * @param monitor the review monitor
         * @return this builder
         */
        public Builder review(ReviewMonitor monitor) {
            return reviewQueues(Objects.requireNonNull(monitor, "monitor").latest());
        }

        /**
         * Adds readings of human-review queues to the review table.
         *
         * @param values the readings
         * @return this builder
         */
        public Builder reviewQueues(List<ReviewReading> values) {
            Objects.requireNonNull(values, "reviewQueues")
                    .forEach(r -> reviewQueues.add(Objects.requireNonNull(r, "reviewQueue")));
            return this;
        }

        /**
         * Adds checks of scoping targets, shown first: name, target, value, status and what measured it.
         *
         * @param values the checks, for example {@link ScopingTargets#checks()}
         * @return this builder
         */
        public Builder targets(List<TargetCheck> values) {
            Objects.requireNonNull(values, "targets").forEach(t -> targets.add(Objects.requireNonNull(t, "target")));
            return this;
        }

        /**
         * Adds the latest checks of scoping targets ({@link ScopingTargets#checks()}).
         *
         * @param value the targets
         * @return this builder
         */
        public Builder targets(ScopingTargets value) {
            return targets(Objects.requireNonNull(value, "targets").checks());
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

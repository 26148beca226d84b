package org.mlops4j.monitoring.concept;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The detection-quality harness: runs a detector over the 30 seeds of a {@link QualityStream} and
 * records, per seed, the delay of the first alarm at or after the change and the false alarms. The
 * detector is never reset by the harness: every detector compared (ours and MOA's) restarts on its
 * own after an alarm (ADWIN by dropping the older part of its window).
 *
 * <p>An alarm is a false alarm when it comes before the change starts, or when it is not the first
 * alarm after the change starts and comes once the change is complete (at or after
 * {@code CHANGE_AT + width}); further alarms during a gradual change are not counted. On a stable
 * stream every alarm is false. A change with no alarm at or after it is missed.
 */
public final class DetectorQuality {

    /** Seeds per stream, 1 to 30. */
    public static final int SEEDS = 30;

    private DetectorQuality() {
    }

    /** A detector seen by the harness: one value in, whether it signals a change. */
    @FunctionalInterface
    public interface Alarm {
        /**
         * Adds one value.
         *
         * @param x the value
         * @return true if the detector signals a change (drift) after it
         */
        boolean update(double x);
    }

    /**
     * Adapts one of our detectors.
     *
     * @param detectors supplies a new detector per seed
     * @return a supplier of alarms that fire on {@link DriftState#DRIFT}
     */
    public static Supplier<Alarm> of(Supplier<? extends ConceptDriftDetector> detectors) {
        Objects.requireNonNull(detectors, "detectors");
        return () -> {
            ConceptDriftDetector d = detectors.get();
            return x -> d.update(x) == DriftState.DRIFT;
        };
    }

    /**
     * Runs a detector on the 30 seeds of a stream.
     *
     * @param detector the detector's name in the result
     * @param stream the stream
     * @param alarms supplies a new detector per seed
     * @return the per-seed figures
     */
    public static Result run(String detector, QualityStream stream, Supplier<Alarm> alarms) {
        List<Integer> delays = new ArrayList<>(SEEDS);
        List<Integer> falseAlarms = new ArrayList<>(SEEDS);
        for (long seed = 1; seed <= SEEDS; seed++) {
            int[] seedResult = run(stream.generate(seed), stream, alarms.get());
            delays.add(seedResult[0]);
            falseAlarms.add(seedResult[1]);
        }
        return new Result(detector, stream, delays, falseAlarms);
    }

    /** Feeds one stream; returns {delay or -1, false alarms}. */
    static int[] run(double[] xs, QualityStream stream, Alarm alarm) {
        int delay = -1;
        int falseAlarms = 0;
        int changeEnd = QualityStream.CHANGE_AT + stream.width();
        for (int t = 0; t < xs.length; t++) {
            if (!alarm.update(xs[t])) {
                continue;
            }
            if (!stream.drifts() || t < QualityStream.CHANGE_AT) {
                falseAlarms++;
            } else if (delay < 0) {
                delay = t - QualityStream.CHANGE_AT;
            } else if (t >= changeEnd) {
                falseAlarms++;
            }
        }
        return new int[] {delay, falseAlarms};
    }

    /**
     * One detector on one stream over the 30 seeds.
     *
     * @param detector the detector's name
     * @param stream the stream
     * @param delays per seed, the delay in values of the first alarm at or after the change, or -1
     *     if it was missed (always -1 on a stable stream)
     * @param falseAlarms per seed, the false alarms
     */
    public record Result(String detector, QualityStream stream, List<Integer> delays, List<Integer> falseAlarms) {

        /**
         * Copies the lists.
         *
         * @throws NullPointerException if an argument is null
         */
        public Result {
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(stream, "stream");
            delays = Collections.unmodifiableList(new ArrayList<>(delays));
            falseAlarms = Collections.unmodifiableList(new ArrayList<>(falseAlarms));
        }

        /**
         * The share of seeds whose change was detected (NaN on a stable stream).
         *
         * @return detected seeds / seeds
         */
        public double detectionRate() {
            return stream.drifts() ? (double) detected() / delays.size() : Double.NaN;
        }

        /**
         * The seeds whose change was detected.
         *
         * @return their count
         */
        public int detected() {
            return (int) delays.stream().filter(d -> d >= 0).count();
        }

        /**
         * The mean delay over the detected seeds, NaN if none.
         *
         * @return values from the change to the first alarm
         */
        public double meanDelay() {
            return delays.stream().filter(d -> d >= 0).mapToInt(Integer::intValue).average().orElse(Double.NaN);
        }

        /**
         * The mean number of false alarms per stream.
         *
         * @return false alarms / seeds
         */
        public double falseAlarmsPerStream() {
            return falseAlarms.stream().mapToInt(Integer::intValue).average().orElse(0.0);
        }
    }

    /**
     * Formats results as a Markdown table: detector, stream, detection rate, mean delay and false
     * alarms per stream.
     *
     * @param results the rows, in order
     * @return the table
     */
    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Detector | Stream | Detection rate | Mean delay | False alarms per stream |\n");
        sb.append("|---|---|---:|---:|---:|\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f |\n", r.detector(), r.stream(),
                    r.stream().drifts() ? String.format(Locale.ROOT, "%.2f", r.detectionRate()) : "-",
                    Double.isNaN(r.meanDelay()) ? "-" : String.format(Locale.ROOT, "%.0f", r.meanDelay()),
                    r.falseAlarmsPerStream()));
        }
        return sb.toString();
    }
}

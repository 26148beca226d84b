package org.mlops4j.monitoring.concept;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Measures a concept-drift detector on a {@link DriftStream} with known drift points, in the
 * prequential setting of Gama et al. 2004 and Bifet et al. ("MOA: Massive Online Analysis", JMLR 2010).
 *
 * <p>The monitored model is a perfect learner that retrains on demand: it predicts with the
 * noise-free concept in force when it was last trained, starting with the first concept. The
 * detector receives its 0/1 error on every sample; when the detector signals
 * {@link DriftState#DRIFT}, the model is retrained on the concept then in force and the detector is
 * reset, as a deployment would replace model and monitor together. An undetected drift therefore
 * leaves the error rate high, and a detection brings it back to the label-noise level.
 *
 * <p>A drift point is detected when a drift is signalled within {@code maxDelay} samples from it
 * (delay 0 means at the drift point itself); any other detection is a false alarm. MTFA is the
 * number of samples outside every post-drift window divided by the number of false alarms.
 */
public final class DetectorEvaluation {

    private DetectorEvaluation() {
    }

    /**
     * Feeds {@code length} samples of {@code stream} to a new detector and scores it.
     *
     * @param detectors supplies the detector to evaluate (called once)
     * @param stream a fresh stream, positioned at sample 0
     * @param length samples to draw
     * @param maxDelay the longest delay, in samples, that still counts as a detection
     * @return the counts
     * @throws NullPointerException if an argument is null or the supplier returns null
     * @throws IllegalArgumentException if {@code length} or {@code maxDelay} is below 1
     */
    public static EvaluationResult run(Supplier<? extends ConceptDriftDetector> detectors, DriftStream stream,
            long length, long maxDelay) {
        Objects.requireNonNull(detectors, "detectors");
        Objects.requireNonNull(stream, "stream");
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1 but was " + length);
        }
        if (maxDelay < 1) {
            throw new IllegalArgumentException("maxDelay must be >= 1 but was " + maxDelay);
        }
        ConceptDriftDetector detector = Objects.requireNonNull(detectors.get(), "detector");
        List<Long> drifts = stream.driftPoints(length);
        int nextDrift = 0;
        long lastDrift = Long.MIN_VALUE;
        boolean matched = true;
        int detected = 0;
        long totalDelay = 0;
        int falseAlarms = 0;
        Concept model = null;
        for (long t = 0; t < length; t++) {
            while (nextDrift < drifts.size() && drifts.get(nextDrift) <= t) {
                lastDrift = drifts.get(nextDrift++);
                matched = false;
            }
            Sample sample = stream.next();
            if (model == null) {
                model = stream.currentConcept();
            }
            double error = model.label(sample.features()) == sample.label() ? 0.0 : 1.0;
            if (detector.update(error) == DriftState.DRIFT) {
                if (lastDrift != Long.MIN_VALUE && t - lastDrift < maxDelay) {
                    if (!matched) {
                        matched = true;
                        detected++;
                        totalDelay += t - lastDrift;
                    }
                } else {
                    falseAlarms++;
                }
                model = stream.currentConcept();
                detector.reset();
            }
        }
        long stationary = length;
        for (long d : drifts) {
            stationary -= Math.min(maxDelay, length - d);
        }
        return new EvaluationResult(detector.name(), stream.name(), length, drifts.size(), detected, totalDelay,
                falseAlarms, stationary);
    }

    /**
     * Formats results as a Markdown table: detector, stream, drifts, detected, missed, mean delay,
     * false alarms and MTFA (in samples).
     *
     * @param results the rows, in order
     * @return the table, one line per row after the header, each ending with a newline
     * @throws NullPointerException if {@code results} is null
     */
    public static String table(List<EvaluationResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Detector | Stream | Drifts | Detected | Missed | Mean delay | False alarms | MTFA |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (EvaluationResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %d | %s |\n", r.detector(),
                    r.stream(), r.drifts(), r.detected(), r.missed(),
                    Double.isNaN(r.meanDelay()) ? "-" : String.format(Locale.ROOT, "%.0f", r.meanDelay()),
                    r.falseAlarms(),
                    Double.isInfinite(r.mtfa()) ? "∞" : String.format(Locale.ROOT, "%.0f", r.mtfa())));
        }
        return sb.toString();
    }
}

package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.estimate.PerformanceEstimate;

/**
 * A monitor's estimated windows and the labels attributed to them. When a window closes its rows
 * are estimated ({@link #close}); when a label arrives ({@link #label}) it is counted in the realised
 * confusion matrix of the window whose [start, end] holds its prediction's timestamp (the newest
 * such window when two share a boundary instant). A label whose window has not been estimated yet
 * (it is still open, or queued for analysis) waits, and is moved into that window when it closes.
 *
 * <p>Bounded: per key the latest {@link #WINDOWS_PER_KEY} estimated windows and at most
 * {@link #PENDING_PER_KEY} waiting labels (the oldest beyond are dropped and counted); a label for a
 * window older than those kept is counted as unattributed. Thread-safe: each key's history has its
 * own lock, held only to count one label or to add one window.
 */
final class EstimateHistory {

    /** Estimated windows kept per key for late labels. */
    static final int WINDOWS_PER_KEY = 100;
    /** Labels waiting per key for their window to be estimated. */
    static final int PENDING_PER_KEY = 10_000;

    private final Estimator estimator;
    private final Map<List<String>, KeyHistory> keys = new ConcurrentHashMap<>();
    private final LongAdder unattributed = new LongAdder();

    EstimateHistory(Estimator estimator) {
        this.estimator = estimator;
    }

    /** One estimated window and its realised counts; mutable under its key's lock. */
    private static final class Entry {
        final String endpoint;
        final String variant;
        final String model;
        final long window;
        final Instant start;
        final Instant end;
        final long predictions;
        final PerformanceEstimate estimate;
        final long[] confusion;

        Entry(List<String> key, long window, Instant start, Instant end, long predictions, PerformanceEstimate estimate,
              int classes) {
            this.endpoint = key.get(0);
            this.variant = key.get(1);
            this.model = key.get(2);
            this.window = window;
            this.start = start;
            this.end = end;
            this.predictions = predictions;
            this.estimate = estimate;
            this.confusion = new long[classes * classes];
        }

        boolean holds(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    private record Pending(Instant time, int truth, int predicted) {
    }

    private static final class KeyHistory {
        /** Ordered by start, oldest first. */
        final Deque<Entry> windows = new ArrayDeque<>();
        final Deque<Pending> pending = new ArrayDeque<>();
    }

    /**
     * Estimates a closed window and keeps it for the labels to come.
     *
     * @param endpoint the window's endpoint
     * @param variant its variant
     * @param model its model version
     * @param window its number
     * @param start its start
     * @param end its end
     * @param rows the window's scores
     * @return the estimated window, empty when it kept no row
     */
    Optional<EstimatedWindow> close(String endpoint, String variant, String model, long window, Instant start,
                                    Instant end, ScoreBuffer.WindowScores rows) {
        if (rows.rows() == 0) {
            return Optional.empty();
        }
        PerformanceEstimate estimate = estimator.estimate(rows.scores(), rows.predicted(), rows.rows());
        List<String> key = List.of(endpoint, variant, model);
        Entry e = new Entry(key, window, start, end, rows.seen(), estimate, estimator.classes());
        KeyHistory h = keys.computeIfAbsent(key, k -> new KeyHistory());
        synchronized (h) {
            insert(h.windows, e);
            if (h.windows.size() > WINDOWS_PER_KEY) {
                h.windows.removeFirst();
            }
            for (Iterator<Pending> it = h.pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (e.holds(p.time()) && newestHolding(h, p.time()) == e) {
                    e.confusion[p.truth() * estimator.classes() + p.predicted()]++;
                    it.remove();
                }
            }
            return Optional.of(snapshot(e));
        }
    }

    /** Inserts by start: a pool of analysis threads may finish a key's windows out of order. */
    private static void insert(Deque<Entry> windows, Entry e) {
        if (windows.isEmpty() || !windows.peekLast().start.isAfter(e.start)) {
            windows.addLast(e);
            return;
        }
        List<Entry> later = new ArrayList<>();
        while (!windows.isEmpty() && windows.peekLast().start.isAfter(e.start)) {
            later.add(0, windows.removeLast());
        }
        windows.addLast(e);
        windows.addAll(later);
    }

    private static Entry newestHolding(KeyHistory h, Instant t) {
        for (Iterator<Entry> it = h.windows.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!t.isBefore(e.start)) {
                return e.holds(t) ? e : null;
            }
        }
        return null;
    }

    /**
     * Attributes a label that arrived for one of the model's answers.
     *
     * @param endpoint the prediction's endpoint
     * @param variant its variant
     * @param model its model version
     * @param time its timestamp
     * @param output the model's answer
     * @param label the answer's label, as the monitor's output reader reads it
     * @param truth the true label
     * @return false when the answer or the true label cannot be read (a class the estimation does not know)
     */
    boolean label(String endpoint, String variant, String model, Instant time, Object output, String label,
                  String truth) {
        int t = estimator.truth(truth);
        int predicted;
        try {
            predicted = estimator.read(output, label, new double[estimator.width()]);
        } catch (RuntimeException e) {
            predicted = Estimator.UNREADABLE;
        }
        if (t == Estimator.UNREADABLE || predicted == Estimator.UNREADABLE) {
            unattributed.increment();
            return false;
        }
        KeyHistory h = keys.computeIfAbsent(List.of(endpoint, variant, model), k -> new KeyHistory());
        synchronized (h) {
            Entry e = newestHolding(h, time);
            if (e != null) {
                e.confusion[t * estimator.classes() + predicted]++;
                return true;
            }
            Entry oldest = h.windows.peekFirst();
            if (oldest != null && time.isBefore(oldest.start) && h.windows.size() == WINDOWS_PER_KEY) {
                // Its window was estimated and has been evicted since.
                unattributed.increment();
                return false;
            }
            h.pending.addLast(new Pending(time, t, predicted));
            if (h.pending.size() > PENDING_PER_KEY) {
                h.pending.removeFirst();
                unattributed.increment();
            }
            return true;
        }
    }

    /** @return labels that could not be attributed to an estimated window (unknown class, evicted, overflow) */
    long unattributed() {
        return unattributed.sum();
    }

    /** @return labels waiting for their window to be estimated, every key's */
    long pending() {
        long n = 0;
        for (KeyHistory h : keys.values()) {
            synchronized (h) {
                n += h.pending.size();
            }
        }
        return n;
    }

    /**
     * The estimated windows kept, with their realised figures now.
     *
     * @return every key's windows, by key then start
     */
    List<EstimatedWindow> windows() {
        List<EstimatedWindow> out = new ArrayList<>();
        for (KeyHistory h : keys.values()) {
            synchronized (h) {
                for (Entry e : h.windows) {
                    out.add(snapshot(e));
                }
            }
        }
        return out;
    }

    /**
     * One key's estimated windows kept, with their realised figures now.
     *
     * @return the key's windows by start, oldest first; empty for a key never estimated
     */
    List<EstimatedWindow> windows(String endpoint, String variant, String model) {
        KeyHistory h = keys.get(List.of(endpoint, variant, model));
        if (h == null) {
            return List.of();
        }
        List<EstimatedWindow> out = new ArrayList<>();
        synchronized (h) {
            for (Entry e : h.windows) {
                out.add(snapshot(e));
            }
        }
        return out;
    }

    private EstimatedWindow snapshot(Entry e) {
        return new EstimatedWindow(e.endpoint, e.variant, e.model, e.window, e.start, e.end, e.predictions,
                e.estimate, estimator.band, RealisedPerformance.of(e.confusion, estimator.classes(), e.predictions));
    }

    /** The samples an estimated window sends to the alert rules: each figure and its band. */
    static List<MetricSample> samples(EstimatedWindow w) {
        String window = "window " + w.window() + " (" + w.predictions() + " predictions, estimated)";
        List<MetricSample> out = new ArrayList<>();
        for (EstimatedMetric m : EstimatedMetric.values()) {
            MetricName[] names = names(m);
            out.add(new MetricSample(names[0].key(), w.value(m), w.end(), w.endpoint(), w.model(), window, List.of()));
            out.add(new MetricSample(names[1].key(), w.lower(m), w.end(), w.endpoint(), w.model(), window, List.of()));
            out.add(new MetricSample(names[2].key(), w.upper(m), w.end(), w.endpoint(), w.model(), window, List.of()));
        }
        return out;
    }

    /** @return the estimate's, the lower band's and the upper band's metric name of a figure */
    static MetricName[] names(EstimatedMetric m) {
        return switch (m) {
            case ACCURACY -> new MetricName[] {MetricName.ESTIMATED_ACCURACY, MetricName.ESTIMATED_ACCURACY_LOWER,
                MetricName.ESTIMATED_ACCURACY_UPPER};
            case PRECISION -> new MetricName[] {MetricName.ESTIMATED_PRECISION, MetricName.ESTIMATED_PRECISION_LOWER,
                MetricName.ESTIMATED_PRECISION_UPPER};
            case RECALL -> new MetricName[] {MetricName.ESTIMATED_RECALL, MetricName.ESTIMATED_RECALL_LOWER,
                MetricName.ESTIMATED_RECALL_UPPER};
            case F1 -> new MetricName[] {MetricName.ESTIMATED_F1, MetricName.ESTIMATED_F1_LOWER,
                MetricName.ESTIMATED_F1_UPPER};
            case ROC_AUC -> new MetricName[] {MetricName.ESTIMATED_ROC_AUC, MetricName.ESTIMATED_ROC_AUC_LOWER,
                MetricName.ESTIMATED_ROC_AUC_UPPER};
        };
    }
}

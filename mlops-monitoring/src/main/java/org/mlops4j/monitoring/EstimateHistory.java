package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.estimate.PerformanceEstimate;

/**
 * A monitor's estimated windows and the labels attributed to them.
 *
 * <p>Attribution is by time interval. Each closed window of a key is registered after it closes
 * ({@link #register}, off the serving thread but in the order the key's windows close, before its
 * analysis); its interval is [its start, the next closed window's start), the newest closed
 * window's is [its start, its end] until the next closes. A label ({@link #label}) is counted in the
 * realised confusion matrix of the window whose interval holds its prediction's timestamp, found by
 * a binary search over the key's windows sorted by start. A window counts labels from its close on,
 * before its estimate is made, so a pool of analysis threads that finishes windows out of order
 * changes nothing. Because serving threads record events slightly out of timestamp order (and a
 * count window starts at its first recorded event's timestamp and ends at its filling event's), a
 * prediction recorded in one window with a timestamp inside its neighbour's interval is counted with
 * that neighbour: near a boundary the realised figures are those of a time interval, not exactly of
 * the rows the estimate read. A timestamp between two windows (after one's end, before the next's
 * start) belongs to the earlier one.
 *
 * <p>A label after the newest closed window's end waits (its window is still open) and is moved when
 * the next window closes: that close polls the waiting labels in timestamp order up to its end, so
 * its work is proportional to the labels it resolves (times log of the windows kept), never waiting
 * labels times windows. No label waits for a window that will never be estimated: a window closed
 * without an estimate (no readable score, its analysis failed or was dropped: {@link #unestimated})
 * counts the labels of its interval as unattributed, and so does a timestamp before the oldest
 * window kept.
 *
 * <p>Bounded: per key the latest {@link #WINDOWS_PER_KEY} closed windows (estimated or awaiting their
 * estimate) and at most {@link #PENDING_PER_KEY} waiting labels (a label beyond is dropped and counted
 * as unattributed). Thread-safe: each key's history has its own lock, held to count one label, to add
 * one window with the waiting labels it resolves, or to set one window's estimate.
 */
final class EstimateHistory {

    /** Closed windows kept per key for late labels. */
    static final int WINDOWS_PER_KEY = 100;
    /** Labels waiting per key for their window to close. */
    static final int PENDING_PER_KEY = 10_000;

    private final Estimator estimator;
    private final Map<List<String>, KeyHistory> keys = new ConcurrentHashMap<>();
    private final LongAdder unattributed = new LongAdder();

    EstimateHistory(Estimator estimator) {
        this.estimator = estimator;
    }

    /** One closed window and its realised counts; mutable under its key's lock. */
    private static final class Entry {
        final String endpoint;
        final String variant;
        final String model;
        final long window;
        final Instant start;
        final Instant end;
        final long[] confusion;
        /** Null until estimated. */
        PerformanceEstimate estimate;
        long predictions;
        long unreadable;
        /** Closed without an estimate: the labels of its interval are unattributed. */
        boolean unestimated;

        Entry(List<String> key, long window, Instant start, Instant end, int classes) {
            this.endpoint = key.get(0);
            this.variant = key.get(1);
            this.model = key.get(2);
            this.window = window;
            this.start = start;
            this.end = end;
            this.confusion = new long[classes * classes];
        }
    }

    private record Pending(Instant time, int truth, int predicted) {
    }

    private static final class KeyHistory {
        /** Ordered by start, oldest first. */
        final List<Entry> windows = new ArrayList<>();
        /** Waiting labels, earliest timestamp first. */
        final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparing(Pending::time));
    }

    private KeyHistory history(String endpoint, String variant, String model) {
        return keys.computeIfAbsent(List.of(endpoint, variant, model), k -> new KeyHistory());
    }

    /**
     * Registers a key's window as it closes, before its analysis: from now on it counts the labels of
     * its interval, and the waiting labels up to its end are moved to their windows.
     *
     * @param endpoint the window's endpoint
     * @param variant its variant
     * @param model its model version
     * @param window its number
     * @param start its start
     * @param end its end
     */
    void register(String endpoint, String variant, String model, long window, Instant start, Instant end) {
        KeyHistory h = history(endpoint, variant, model);
        synchronized (h) {
            if (find(h, window) == null) {
                add(h, new Entry(List.of(endpoint, variant, model), window, start, end, estimator.classes()));
            }
        }
    }

    /** Adds a window by start, evicts the oldest beyond the bound and resolves the waiting labels up to the newest end. */
    private void add(KeyHistory h, Entry e) {
        int i = h.windows.size();
        while (i > 0 && h.windows.get(i - 1).start.isAfter(e.start)) {
            i--;
        }
        h.windows.add(i, e);
        if (h.windows.size() > WINDOWS_PER_KEY) {
            h.windows.remove(0);
        }
        Instant newestEnd = h.windows.get(h.windows.size() - 1).end;
        while (!h.pending.isEmpty() && !h.pending.peek().time().isAfter(newestEnd)) {
            Pending p = h.pending.poll();
            count(h, p.time(), p.truth(), p.predicted());
        }
    }

    /** Counts a label in the window whose interval holds its time; false when none kept or it was not estimated. */
    private boolean count(KeyHistory h, Instant time, int truth, int predicted) {
        Entry e = holding(h.windows, time);
        if (e == null || e.unestimated) {
            unattributed.increment();
            return false;
        }
        e.confusion[truth * estimator.classes() + predicted]++;
        return true;
    }

    /** @return the newest window whose start is at or before the time (binary search), null when the time is before them all */
    private static Entry holding(List<Entry> byStart, Instant time) {
        int lo = 0;
        int hi = byStart.size() - 1;
        Entry found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Entry e = byStart.get(mid);
            if (e.start.isAfter(time)) {
                hi = mid - 1;
            } else {
                found = e;
                lo = mid + 1;
            }
        }
        return found;
    }

    private static Entry find(KeyHistory h, long window) {
        for (int i = h.windows.size() - 1; i >= 0; i--) {
            if (h.windows.get(i).window == window) {
                return h.windows.get(i);
            }
        }
        return null;
    }

    /**
     * Estimates a closed window and keeps it for the labels to come (registering it when
     * {@link #register} did not). A window without a readable score is not estimated: its labels are
     * counted as unattributed.
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
            unestimated(endpoint, variant, model, window, start, end);
            return Optional.empty();
        }
        PerformanceEstimate estimate = estimator.estimate(rows.scores(), rows.predicted(), rows.rows());
        KeyHistory h = history(endpoint, variant, model);
        synchronized (h) {
            Entry e = entry(h, List.of(endpoint, variant, model), window, start, end);
            e.estimate = estimate;
            e.predictions = rows.seen();
            e.unreadable = rows.skipped();
            return Optional.of(snapshot(e));
        }
    }

    /** The registered window, or a new one when it was never registered or has been evicted since. */
    private Entry entry(KeyHistory h, List<String> key, long window, Instant start, Instant end) {
        Entry e = find(h, window);
        if (e == null) {
            e = new Entry(key, window, start, end, estimator.classes());
            add(h, e);
        }
        return e;
    }

    /**
     * Marks a closed window that will not be estimated (no readable score, its analysis failed or was
     * dropped): the labels it counted and those of its interval to come are unattributed.
     *
     * @param endpoint the window's endpoint
     * @param variant its variant
     * @param model its model version
     * @param window its number
     * @param start its start
     * @param end its end
     */
    void unestimated(String endpoint, String variant, String model, long window, Instant start, Instant end) {
        KeyHistory h = history(endpoint, variant, model);
        synchronized (h) {
            Entry e = entry(h, List.of(endpoint, variant, model), window, start, end);
            if (!e.unestimated) {
                e.unestimated = true;
                long counted = 0;
                for (long c : e.confusion) {
                    counted += c;
                }
                unattributed.add(counted);
            }
        }
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
     * @return false when the label is unattributed: the answer or the true label cannot be read (a
     *     class the estimation does not know), its interval's window was not estimated or is no
     *     longer kept, or too many labels are waiting
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
        KeyHistory h = history(endpoint, variant, model);
        synchronized (h) {
            if (h.windows.isEmpty() || time.isAfter(h.windows.get(h.windows.size() - 1).end)) {
                if (h.pending.size() >= PENDING_PER_KEY) {
                    unattributed.increment();
                    return false;
                }
                h.pending.add(new Pending(time, t, predicted));
                return true;
            }
            return count(h, time, t, predicted);
        }
    }

    /** @return labels that could not be attributed to an estimated window (unknown class, window evicted or not estimated, overflow) */
    long unattributed() {
        return unattributed.sum();
    }

    /** @return labels waiting for their window to close, every key's */
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
                    if (e.estimate != null) {
                        out.add(snapshot(e));
                    }
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
                if (e.estimate != null) {
                    out.add(snapshot(e));
                }
            }
        }
        return out;
    }

    private EstimatedWindow snapshot(Entry e) {
        return new EstimatedWindow(e.endpoint, e.variant, e.model, e.window, e.start, e.end, e.predictions,
                e.estimate, estimator.band, RealisedPerformance.of(e.confusion, estimator.classes(), e.predictions),
                e.unreadable);
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

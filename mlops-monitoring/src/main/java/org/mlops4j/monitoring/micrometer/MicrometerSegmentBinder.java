package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentMetrics;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.segment.Segmentation;

/**
 * Publishes a monitor's per-segment figures ({@link ModelMonitor.Builder#segments}) to Micrometer:
 * gauges {@value SegmentMetrics#SHARE}, {@value SegmentMetrics#PREDICTIONS},
 * {@value SegmentMetrics#ERROR_RATIO}, {@value SegmentMetrics#DRIFT_SHARE} and
 * {@value SegmentMetrics#DRIFTED_FEATURES}, tagged {@code endpoint}, {@code variant},
 * {@code model_version} and {@code segment}, each reading the latest analysed window of its key
 * (NaN for a figure the window could not decide), and the counter
 * {@code mlops.monitor.segment.failures} (the monitor's {@link ModelMonitor#segmentFailures()}).
 *
 * <p><b>Bounded cardinality.</b> The {@code segment} tag takes the names of the monitor's
 * {@link Segmentation}: at most {@code topK + 1} values per key, whatever names the segment
 * function returns, since every name that is not kept is reported as {@value Segmentation#OTHER}.
 * The binder enforces the bound itself too: a key never gets more segment series than the
 * segmentation's size, and windows naming further segments are counted
 * ({@link #refusedSegments()}) instead of published.
 *
 * <p>Like {@link MicrometerMonitorBinder}, it follows the monitor by itself: the first
 * {@link #bindTo} adds it as a listener and fills the series from
 * {@link ModelMonitor#recentSegmentWindows()}. Thread-safe; scrapes take no lock.
 */
public final class MicrometerSegmentBinder implements MeterBinder, AutoCloseable {

    /** The tag naming the segment. */
    public static final String SEGMENT_TAG = "segment";
    private static final String[] GAUGES = {SegmentMetrics.SHARE, SegmentMetrics.PREDICTIONS,
        SegmentMetrics.ERROR_RATIO, SegmentMetrics.DRIFT_SHARE, SegmentMetrics.DRIFTED_FEATURES};

    private final ModelMonitor<?> monitor;
    private final int maxSegments;
    private final MonitorListener listener = new MonitorListener() {
        @Override
        public void onSegments(SegmentWindow segments) {
            offer(segments);
        }
    };
    private final Object lock = new Object();
    /** Per key (endpoint, variant, model), its segments' latest figures; guarded by lock. */
    private final Map<List<String>, Map<String, Series>> series = new LinkedHashMap<>();
    private final List<MeterRegistry> registries = new ArrayList<>();
    private final LongAdder refused = new LongAdder();
    private boolean listening;

    /** The latest figures of one segment of one key, read by its gauges. */
    private static final class Series {
        final Tags tags;
        final double[] values = new double[GAUGES.length];
        long window = -1;

        Series(Tags tags) {
            this.tags = tags;
            java.util.Arrays.fill(values, Double.NaN);
        }

        double read(int i) {
            synchronized (values) {
                return values[i];
            }
        }
    }

    private MicrometerSegmentBinder(ModelMonitor<?> monitor) {
        this.monitor = monitor;
        this.maxSegments = monitor.segmentation().map(Segmentation::size).orElse(Segmentation.DEFAULT_TOP_K + 1);
    }

    /**
     * Returns a binder of a monitor's segment figures.
     *
     * @param monitor the monitor, normally built with segments (without, nothing is published but
     *     the failure counter)
     * @return the binder, not bound yet
     * @throws NullPointerException if the monitor is null
     */
    public static MicrometerSegmentBinder of(ModelMonitor<?> monitor) {
        return new MicrometerSegmentBinder(Objects.requireNonNull(monitor, "monitor"));
    }

    /**
     * Registers the series of every key and segment seen so far and, on the first call, starts
     * following the monitor. Binding a registry twice does nothing.
     *
     * @param registry the registry
     * @throws NullPointerException if the registry is null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            if (registries.contains(registry)) {
                return;
            }
            registries.add(registry);
            FunctionCounter.builder("mlops.monitor.segment.failures", monitor, ModelMonitor::segmentFailures)
                    .description("predictions whose segment function threw").register(registry);
            for (Map<String, Series> key : series.values()) {
                for (Series s : key.values()) {
                    register(registry, s);
                }
            }
            if (!listening) {
                monitor.addListener(listener);
                listening = true;
                monitor.recentSegmentWindows().forEach(this::offer);
            }
        }
    }

    /** Takes one window's figures; package-private for the test of the bound. */
    void offer(SegmentWindow window) {
        synchronized (lock) {
            Map<String, Series> key = series.computeIfAbsent(List.of(window.endpoint(), window.variant(),
                    window.model()), k -> new LinkedHashMap<>());
            for (SegmentFigures f : window.segments()) {
                Series s = key.get(f.segment());
                if (s == null) {
                    if (key.size() >= maxSegments) {
                        refused.increment();
                        continue;
                    }
                    s = new Series(Tags.of("endpoint", window.endpoint(), "variant", window.variant(),
                            "model_version", window.model(), SEGMENT_TAG, f.segment()));
                    key.put(f.segment(), s);
                    for (MeterRegistry r : registries) {
                        register(r, s);
                    }
                }
                synchronized (s.values) {
                    if (window.window() < s.window) {
                        continue;
                    }
                    s.window = window.window();
                    s.values[0] = f.share();
                    s.values[1] = f.predictions();
                    s.values[2] = f.errorRatio();
                    s.values[3] = f.driftedShare();
                    s.values[4] = Double.isNaN(f.driftedShare()) ? Double.NaN : f.driftedFeatures().size();
                }
            }
        }
    }

    private static void register(MeterRegistry registry, Series s) {
        for (int i = 0; i < GAUGES.length; i++) {
            int at = i;
            Gauge.builder(GAUGES[i], s, x -> x.read(at)).tags(s.tags)
                    .description("a segment's figure in the latest analysed window of its key").register(registry);
        }
    }

    /** @return segment figures not published because their key already had the segmentation's size of series */
    public long refusedSegments() {
        return refused.sum();
    }

    /** Stops following the monitor; the series stay registered with their last values. */
    @Override
    public void close() {
        synchronized (lock) {
            if (listening) {
                monitor.removeListener(listener);
                listening = false;
            }
        }
    }
}

package org.mlops4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.monitoring.ModelMonitor;

/**
 * The serving thread's CPU time per event in {@link ModelMonitor#onPrediction}, for the
 * {@link MonitorBenchmark} set-ups ({@code allBackground}: everything enabled, windows of 1,000
 * analysed on another thread; {@code noReference}: schema checks only), measured with the thread's
 * own CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime}) rather than the wall clock.
 *
 * <p>Why a harness beside the JMH benchmark: on a machine shared with other work, JMH's wall-clock
 * figure for the serving thread includes the time it waits for a core (and, with a background
 * analysis thread, the time that thread takes the core away), so it measures the load more than
 * the monitor. The thread's CPU time counts only what the serving thread itself executes. It uses
 * only {@code MonitorBenchmark}'s static set-up methods, so the same harness runs against an older
 * build's classes: {@code java -cp old-benchmarks.jar:harness-classes ...}.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.MonitorCpuHarness
 * [rounds] [eventsPerRound] [distinctEvents]}: after a warm-up of 3,000,000 events per set-up, it alternates the
 * set-ups round by round and prints each round's CPU and wall nanoseconds per event, then the
 * median and the minimum per set-up. The events cycle through {@code distinctEvents} (default 4,096,
 * a power of two) different inputs: 4,096 inputs of 20 boxed values in {@code LinkedHashMap}s take
 * about 6 MB, more than the caches hold, so every feature read misses; a service's monitor reads an
 * input the model has just read, which 16 distinct events model. So do two more set-ups, on the
 * 4,096 inputs: {@code model} reads each input's 20 values as a model would (by name, unboxed),
 * {@code modelThenMonitor} does that and then hands the event to the {@code allBackground}
 * monitor; their difference is the monitor's cost on the serving thread after the model's read.
 */
public final class MonitorCpuHarness {

    private MonitorCpuHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args optional rounds (default 7), events per round (default 1,000,000) and distinct
     *     events cycled through (default 4,096, a power of two)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutorService background = Executors.newSingleThreadExecutor();
        int distinct = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        if (Integer.bitCount(distinct) != 1) {
            throw new IllegalArgumentException("distinct events must be a power of two but was " + distinct);
        }
        List<PredictionEvent<Map<String, Object>, String>> events = MonitorBenchmark.events(distinct, 3);
        String[] names = {"allBackground", "noReference", "model", "modelThenMonitor"};
        ModelMonitor<String> afterModel = MonitorBenchmark.monitor(background);
        List<ModelMonitor<String>> monitors = List.of(MonitorBenchmark.monitor(background),
                ModelMonitor.builder(MonitorBenchmark.labels()).schema(MonitorBenchmark.schema()).windowSize(1_000)
                        .sameThreadAnalysis().build(), afterModel);
        String[] features = events.get(0).input().keySet().toArray(new String[0]);
        for (ModelMonitor<String> m : monitors) {
            feed(m, events, 3_000_000);
        }
        model(events, features, 3_000_000);
        feedAfterModel(afterModel, events, features, 3_000_000);
        double[][] cpu = new double[names.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < names.length; s++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                if (s == 2) {
                    model(events, features, perRound);
                } else if (s == 3) {
                    feedAfterModel(afterModel, events, features, perRound);
                } else {
                    feed(monitors.get(s), events, perRound);
                }
                cpu[s][r] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) perRound;
                double wall = (System.nanoTime() - wall0) / (double) perRound;
                System.out.printf("round %d %-14s cpu %7.1f ns/event, wall %7.1f ns/event%n", r + 1, names[s],
                        cpu[s][r], wall);
            }
        }
        for (int s = 0; s < names.length; s++) {
            double[] sorted = cpu[s].clone();
            Arrays.sort(sorted);
            System.out.printf("%-16s serving-thread cpu per event: median %.1f ns, min %.1f ns (%d rounds of %,d)%n",
                    names[s], sorted[rounds / 2], sorted[0], rounds, perRound);
        }
        double[] after = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            after[r] = cpu[3][r] - cpu[2][r];
        }
        Arrays.sort(after);
        System.out.printf("monitor after the model's read (modelThenMonitor - model, per round): median %.1f ns,"
                + " min %.1f ns (sink %d)%n", after[rounds / 2], after[0], sink);
        for (ModelMonitor<String> m : monitors) {
            m.close();
        }
        background.shutdownNow();
    }

    /** Keeps the model's reads alive. */
    private static long sink;

    /** Reads each input's features by name as a model would, unboxed. */
    private static void model(List<PredictionEvent<Map<String, Object>, String>> events, String[] features, int n) {
        for (int i = 0; i < n; i++) {
            sink += read(events.get(i & (events.size() - 1)).input(), features);
        }
    }

    private static long read(Map<String, Object> input, String[] features) {
        long h = 0;
        for (String f : features) {
            Object v = input.get(f);
            h = 31 * h + (v instanceof Number n ? Double.doubleToRawLongBits(n.doubleValue()) : v == null ? 0 : v.hashCode());
        }
        return h;
    }

    private static void feedAfterModel(ModelMonitor<String> monitor,
                                       List<PredictionEvent<Map<String, Object>, String>> events, String[] features,
                                       int n) {
        for (int i = 0; i < n; i++) {
            PredictionEvent<Map<String, Object>, String> e = events.get(i & (events.size() - 1));
            sink += read(e.input(), features);
            monitor.onPrediction(e);
        }
    }

    private static void feed(ModelMonitor<String> monitor, List<PredictionEvent<Map<String, Object>, String>> events,
                             int n) {
        for (int i = 0; i < n; i++) {
            monitor.onPrediction(events.get(i & (events.size() - 1)));
        }
    }
}

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
 * input the model has just read, which 16 distinct events model.
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
        String[] names = {"allBackground", "noReference"};
        List<ModelMonitor<String>> monitors = List.of(MonitorBenchmark.monitor(background),
                ModelMonitor.builder(MonitorBenchmark.labels()).schema(MonitorBenchmark.schema()).windowSize(1_000)
                        .sameThreadAnalysis().build());
        for (ModelMonitor<String> m : monitors) {
            feed(m, events, 3_000_000);
        }
        double[][] cpu = new double[names.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < names.length; s++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                feed(monitors.get(s), events, perRound);
                cpu[s][r] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) perRound;
                double wall = (System.nanoTime() - wall0) / (double) perRound;
                System.out.printf("round %d %-14s cpu %7.1f ns/event, wall %7.1f ns/event%n", r + 1, names[s],
                        cpu[s][r], wall);
            }
        }
        for (int s = 0; s < names.length; s++) {
            double[] sorted = cpu[s].clone();
            Arrays.sort(sorted);
            System.out.printf("%-14s serving-thread cpu per event: median %.1f ns, min %.1f ns (%d rounds of %,d)%n",
                    names[s], sorted[rounds / 2], sorted[0], rounds, perRound);
        }
        for (ModelMonitor<String> m : monitors) {
            m.close();
        }
        background.shutdownNow();
    }

    private static void feed(ModelMonitor<String> monitor, List<PredictionEvent<Map<String, Object>, String>> events,
                             int n) {
        for (int i = 0; i < n; i++) {
            monitor.onPrediction(events.get(i & (events.size() - 1)));
        }
    }
}

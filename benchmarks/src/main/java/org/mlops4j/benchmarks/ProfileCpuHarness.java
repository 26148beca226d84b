package org.mlops4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * {@link ProfileUpdateBenchmark}'s comparison measured with the thread's own CPU clock, for a machine
 * shared with other work (see {@link MonitorCpuHarness} for why): CPU nanoseconds per 20-feature row
 * for {@code ReferenceProfile.Builder.update} and for the raw-loop {@link ProfileUpdateBenchmark.Floor},
 * alternating round by round, each round a fresh builder and floor fed the same 200,000 rows. It uses
 * only public API besides the floor, so it also runs against an older build's profile classes.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.ProfileCpuHarness [rounds]}.
 */
public final class ProfileCpuHarness {

    private static final int ROWS = 200_000;

    private ProfileCpuHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args optional rounds (default 9)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Schema schema = ProfileUpdateBenchmark.schema();
        List<Map<String, Object>> rows = MonitorBenchmark.rows(4096, 11);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] profile = new double[rounds + 2];
        double[] floor = new double[rounds + 2];
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            ReferenceProfile.Builder b = ReferenceProfile.builder(schema);
            for (int i = 0; i < ROWS; i++) {
                b.update(rows.get(i & 4095));
            }
            long t1 = threads.getCurrentThreadCpuTime();
            ProfileUpdateBenchmark.Floor fl = new ProfileUpdateBenchmark.Floor(schema, ProfileConfig.ofDefaults());
            for (int i = 0; i < ROWS; i++) {
                fl.update(rows.get(i & 4095));
            }
            long t2 = threads.getCurrentThreadCpuTime();
            profile[r] = (t1 - t0) / (double) ROWS;
            floor[r] = (t2 - t1) / (double) ROWS;
            System.out.printf("round %d%s: profile %.1f ns/row, floor %.1f ns/row, ratio %.3f (%d rows in the profile)%n",
                    r + 1, r < 2 ? " (warm-up)" : "", profile[r], floor[r], profile[r] / floor[r], b.build().rows());
        }
        double[] p = Arrays.copyOfRange(profile, 2, rounds + 2);
        double[] f = Arrays.copyOfRange(floor, 2, rounds + 2);
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = p[r] / f[r];
        }
        Arrays.sort(p);
        Arrays.sort(f);
        Arrays.sort(ratio);
        System.out.printf("median over %d rounds: profile %.1f ns/row, floor %.1f ns/row, per-round ratio median %.3f "
                + "(min %.3f, max %.3f)%n", rounds, p[rounds / 2], f[rounds / 2], ratio[rounds / 2], ratio[0],
                ratio[rounds - 1]);
    }
}

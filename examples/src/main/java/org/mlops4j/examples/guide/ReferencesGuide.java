package org.mlops4j.examples.guide;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.Clock;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.WindowReference;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.reference.ReferenceHistory;
import org.mlops4j.monitoring.reference.ReferencePolicy;
import org.mlops4j.monitoring.reference.ReferenceSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code of the snippets of {@code docs/monitoring.md}'s "Seasonal and rolling references", kept
 * here so that it compiles with every build; {@code ReferencesGuideTest} runs each method and checks
 * what it did.
 */
public final class ReferencesGuide {

    private static final Logger LOG = LoggerFactory.getLogger(ReferencesGuide.class);

    private ReferencesGuide() {
    }

    /**
     * Guide "Seasonal and rolling references": a monitor that compares each hour with the same hour of
     * the week over the last 4 weeks.
     *
     * @param allWeek the fixed reference, used while the seasonal one warms up
     * @param clock the monitor's clock
     * @param heard where the listener puts each window's reference
     * @return the monitor; close it
     */
    public static ModelMonitor<Object> seasonalMonitor(ReferenceProfile allWeek, Clock clock,
                                                       List<WindowReference> heard) {
        // tag::seasonal-reference[]
        ModelMonitor<Object> monitor = ModelMonitor.builder()
                .reference(allWeek)                         // fixed: compared with until a slot has 4 weeks
                .reference(ReferencePolicy.hourOfWeek(4))   // the same UTC hour of the week, last 4 weeks
                .windowDuration(Duration.ofHours(1))        // hourly windows: one slot each
                .windowSize(1_000_000)                      // close by the hour, not by count
                .clock(clock)
                .listener(new MonitorListener() {
                    @Override
                    public void onWindowReference(WindowReference r) {
                        LOG.debug("window {} vs {} (slot {}, {} merged, warm-up {})", r.window(), r.kind(),
                                r.slot(), r.merged(), r.warmUp());
                        heard.add(r);
                    }
                })
                .build();
        // monitor.referenceWarmUps(): windows compared before their slot had 4 weeks of history
        // end::seasonal-reference[]
        return monitor;
    }

    /**
     * Guide "Seasonal and rolling references": the other policies and the slot arithmetic.
     *
     * @return the slot of Monday 09:30 UTC and the memory bound of hour-of-week over 4 weeks
     */
    public static long[] policies() {
        // tag::reference-policies[]
        ReferencePolicy lastDay = ReferencePolicy.rolling(24);                  // the key's last 24 windows
        ReferencePolicy quarterHours = ReferencePolicy.seasonal(Duration.ofDays(1), Duration.ofMinutes(15), 7)
                .withMinHistory(3);                                             // used once 3 of 7 days have it
        ReferencePolicy weekly = ReferencePolicy.hourOfWeek(4);
        int slot = weekly.slotOf(Instant.parse("2026-01-05T09:30:00Z"));        // 105: Monday 09:00 UTC
        long bound = weekly.maxProfiles();                                      // 673 profiles per key
        // end::reference-policies[]
        LOG.debug("{} and {}: slot {}, bound {}", lastDay, quarterHours, slot, bound);
        return new long[] {slot, bound};
    }

    /**
     * Guide "Seasonal and rolling references": a reference history outside a monitor.
     *
     * @param windows the profiles of consecutive windows
     * @param starts when each window started
     * @return the drift report of each window against its seasonal reference, empty while it warms up
     */
    public static List<Optional<DatasetDriftReport>> historyOutsideAMonitor(List<SampledProfile> windows,
                                                                           List<Instant> starts) {
        ReferenceHistory history = ReferenceHistory.of(ReferencePolicy.hourOfWeek(4));
        WindowDriftCheck check = WindowDriftCheck.ofDefaults();
        List<Optional<DatasetDriftReport>> reports = new java.util.ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            SampledProfile window = windows.get(i);
            Instant start = starts.get(i);
            // tag::reference-history[]
            ReferenceSelection selection = history.select(start);      // from the windows before this one
            Optional<DatasetDriftReport> report = selection.profile()
                    .map(reference -> check.compare(reference, window));
            history.record(start, window.profile());                   // for the windows after it
            // end::reference-history[]
            reports.add(report);
        }
        return reports;
    }
}

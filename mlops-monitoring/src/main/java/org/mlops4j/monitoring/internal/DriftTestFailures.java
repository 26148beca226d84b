package org.mlops4j.monitoring.internal;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The features whose drift test threw during one dataset check (a {@code DatasetDriftDetector} call
 * or a monitor window's check), logged once at its end: a failed test loses that feature's result
 * only, reported as TEST_FAILED, never the whole check. Not thread-safe: one per check.
 */
public final class DriftTestFailures {

    private final List<String> failures = new ArrayList<>();
    private RuntimeException first;

    /**
     * Records a failure.
     *
     * @param feature the feature tested
     * @param test the test's name
     * @param e what it threw
     */
    public void add(String feature, String test, RuntimeException e) {
        failures.add("'" + feature + "' (test " + test + "): " + e);
        first = first == null ? e : first;
    }

    /** @return whether any test failed */
    public boolean any() {
        return first != null;
    }

    /**
     * Logs the failures, if any, as one WARN with the first exception's stack trace.
     *
     * @param log the checker's logger
     * @param features how many features the check tested
     */
    public void log(Logger log, int features) {
        if (first != null) {
            log.warn("Drift test failed on {} of {} features, reported as TEST_FAILED and left out of the "
                    + "drifted share: {}", failures.size(), features, String.join("; ", failures), first);
        }
    }
}

package org.mlops4j.tracking;

import java.nio.file.Path;
import org.mlops4j.core.ManualClock;

class InMemoryTrackerTest extends TrackerContract {

    @Override
    protected Tracker createTracker(ManualClock clock, Path dir) {
        return new InMemoryTracker(clock, dir.resolve("artifacts"));
    }
}

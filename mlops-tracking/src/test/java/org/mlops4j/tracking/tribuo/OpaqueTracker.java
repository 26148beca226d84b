package org.mlops4j.tracking.tribuo;

import org.mlops4j.tracking.ForwardingTracker;
import org.mlops4j.tracking.Tracker;

/** A tracker that hides where its delegate keeps artifacts, as a remote tracker would. */
final class OpaqueTracker extends ForwardingTracker {

    OpaqueTracker(Tracker delegate) {
        super(delegate);
    }
}

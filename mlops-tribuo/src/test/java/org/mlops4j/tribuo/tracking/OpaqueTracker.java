package org.mlops4j.tribuo.tracking;

import org.mlops4j.tracking.ForwardingTracker;
import org.mlops4j.tracking.Tracker;

/** A tracker that hides where its delegate keeps artifacts, as a remote tracker would. */
final class OpaqueTracker extends ForwardingTracker {

    OpaqueTracker(Tracker delegate) {
        super(delegate);
    }
}

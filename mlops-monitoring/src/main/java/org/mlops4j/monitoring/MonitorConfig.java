package org.mlops4j.monitoring;

import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/** The settings a {@link ModelMonitor} shares with its windows. */
record MonitorConfig(Schema schema, ReferenceProfile reference, int windowSize, double confidenceThreshold) {
}

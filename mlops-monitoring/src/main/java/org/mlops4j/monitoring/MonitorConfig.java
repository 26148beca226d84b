package org.mlops4j.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.NumericDriftTest;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * The config a {@link ModelMonitor} shares with its windows. Absent parts are null here (this
 * record never leaves the package).
 */
record MonitorConfig(Schema schema, ReferenceProfile reference, int windowSize, Duration windowDuration,
                     double confidenceThreshold, Map<String, Long> referencePredictions,
                     CategoricalDriftTest predictionTest, double[] referenceOutputs, NumericDriftTest outputTest,
                     ToDoubleFunction<Object> valueOf) {

    /** Fewest answers in a window for the prediction-drift test to run. */
    static final int MIN_PREDICTION_DRIFT_ANSWERS = 30;
    /** Most predicted values kept (uniform reservoir) per window for output quantiles and drift. */
    static final int OUTPUT_RESERVOIR = 5_000;
}

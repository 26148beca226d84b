package org.mlops4j.monitoring;

import java.time.Duration;
import java.util.Map;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.NumericDriftTest;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.WindowDriftCheck;

/**
 * The settings a {@link ModelMonitor} shares with its windows, for one baseline: a re-baselined
 * monitor makes a new one and its windows move to it. Absent parts are null here (this record never
 * leaves the package).
 */
record MonitorConfig(Schema schema, Feature[] features, FeatureReader<Object> reader, ReferenceProfile reference,
                     int windowSize, Duration windowDuration, double confidenceThreshold,
                     Map<String, Long> referencePredictions, CategoricalDriftTest predictionTest,
                     double[] referenceOutputs, NumericDriftTest outputTest, OutputReader<Object> outputs,
                     WindowDriftCheck drift, ReferenceHistories references) {

    /** Fewest answers in a window for the prediction-drift test to run. */
    static final int MIN_PREDICTION_DRIFT_ANSWERS = 30;
    /** Most predicted values kept (uniform reservoir) per window for output quantiles and drift. */
    static final int OUTPUT_RESERVOIR = 5_000;

    /** The settings of another baseline, everything else unchanged. */
    MonitorConfig with(Schema newSchema, FeatureReader<Object> newReader, Baseline baseline) {
        Map<String, Long> predictions = baseline.predictions().orElse(null);
        double[] values = baseline.outputsOrNull();
        return new MonitorConfig(newSchema, newSchema == null ? new Feature[0] : newSchema.features().toArray(new Feature[0]),
                newReader, baseline.reference().orElse(null), windowSize, windowDuration, confidenceThreshold, predictions,
                predictions == null ? null : DriftTests.auto(predictions), values,
                values == null ? null : DriftTests.auto(values), outputs, drift, references.fresh());
    }

    /** Whether windows profile their inputs: for a fixed reference, or for a rolling or seasonal one. */
    boolean profiles() {
        return reference != null || references.active();
    }

    /** The sketch sizes of window profiles: the fixed reference's, or the defaults without one. */
    ProfileConfig profileConfig() {
        return reference == null ? ProfileConfig.ofDefaults() : reference.config();
    }
}

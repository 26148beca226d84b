package org.mlops4j.monitoring.drift;

/** A statistic with its p-value (NaN for distances), before a threshold is applied. */
record Estimate(double statistic, double pValue) {

    static Estimate distance(double value) {
        return new Estimate(value, Double.NaN);
    }
}

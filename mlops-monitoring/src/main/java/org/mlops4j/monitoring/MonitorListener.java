package org.mlops4j.monitoring;

import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;

/**
 * Hears what a {@link ModelMonitor} computed: each analysed window, each completed feedback window,
 * and each alert its rules raised. This is how exporters (the Micrometer binder) and the control
 * plane (the closed loop) follow a monitor without polling it.
 *
 * <p>Called on the thread that produced the figure: the monitor's analysis thread for windows and
 * the alerts their figures raise; the thread that recorded the feedback for feedback figures and the
 * alerts they raise (accuracy, RMSE, concept drift, user signals). Implementations must be thread-safe and quick;
 * the monitor guards every call (a listener that throws is logged and counted, and the other
 * listeners still hear the figure). Every method does nothing by default.
 */
public interface MonitorListener {

    /**
     * Hears the metrics of an analysed window.
     *
     * @param metrics the window's metrics
     */
    default void onWindow(WindowMetrics metrics) {
    }

    /**
     * Hears the routed traffic of a closed window as a mergeable aggregate, right after its
     * {@link #onWindow metrics}: what a replica publishes to a fleet's store ({@link FleetPublisher}).
     * Called only by a monitor built with a {@link FleetPublisher} ({@link ModelMonitor.Builder#listener}),
     * also for a window that only counted labels (which has no metrics).
     *
     * @param window the window's aggregate
     */
    default void onWindowAggregate(WindowAggregate window) {
    }

    /**
     * Hears the figures of a key whose feedback window just completed (accuracy or RMSE, rejected
     * ratio, labelled count, concept drifts).
     *
     * @param metrics the key's feedback figures after the update
     */
    default void onFeedback(FeedbackMetrics metrics) {
    }

    /**
     * Hears the multivariate drift of an analysed window, right after its {@link #onWindow metrics}.
     * Called only by a monitor built with {@link ModelMonitor.Builder#multivariateDrift}.
     *
     * @param window the window's multivariate drift
     */
    default void onMultivariateDrift(MultivariateWindow window) {
    }

    /**
     * Hears an alert raised or resolved by the monitor's alert rules.
     *
     * @param alert the alert
     */
    default void onAlert(Alert alert) {
    }
}

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
     * Hears which reference a window's inputs were compared with, just before its
     * {@link #onWindow metrics}: fixed, rolling, or seasonal with its slot, or none during a warm-up
     * ({@link ModelMonitor.Builder#reference(org.mlops4j.monitoring.reference.ReferencePolicy)}). Called for
     * every window whose inputs were profiled (a monitor with a reference profile or a rolling or
     * seasonal reference).
     *
     * @param reference the window's reference
     */
    default void onWindowReference(WindowReference reference) {
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
     * Hears a window whose performance the monitor estimated ({@link ModelMonitor.Builder#estimatePerformance}),
     * on the analysis thread right after its {@link #onWindow metrics}, with the realised figures of
     * the labels that had arrived by then; {@link ModelMonitor#recentEstimates()} reads them as more
     * labels arrive.
     *
     * @param window the estimated window
     */
    default void onEstimate(EstimatedWindow window) {
    }

    /**
     * Hears the per-segment figures of an analysed window, right after its {@link #onWindow
     * metrics}; called only by a monitor with segments ({@link ModelMonitor.Builder#segments}).
     *
     * @param segments the window's segment figures
     */
    default void onSegments(org.mlops4j.monitoring.segment.SegmentWindow segments) {
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

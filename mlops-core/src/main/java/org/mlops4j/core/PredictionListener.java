package org.mlops4j.core;

/**
 * Receives one {@link PredictionEvent} per prediction an endpoint serves: the seam between
 * serving (which emits events) and monitoring, prediction logs and rollout analysis (which consume
 * them).
 *
 * <p>Listeners are called on the serving thread or on an event thread, depending on the emitter,
 * and from many threads at once: implementations must be thread-safe and quick. An emitter guards
 * every call: a listener that throws is logged and counted, and never changes the answer served.
 *
 * @param <I> the input type it accepts
 * @param <O> the output type it accepts
 */
@FunctionalInterface
public interface PredictionListener<I, O> {

    /**
     * Handles one prediction.
     *
     * @param event what was predicted, by which variant and model version, how fast, and whether it failed
     */
    void onPrediction(PredictionEvent<? extends I, ? extends O> event);

    /**
     * Returns a listener that does nothing: what an emitter uses when monitoring is off, instead of
     * null checks.
     *
     * @param <I> the input type
     * @param <O> the output type
     * @return the no-op listener
     */
    static <I, O> PredictionListener<I, O> noop() {
        return event -> { };
    }
}

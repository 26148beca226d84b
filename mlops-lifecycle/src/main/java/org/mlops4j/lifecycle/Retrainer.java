package org.mlops4j.lifecycle;

/**
 * Trains a new model on recent data when a {@link RetrainingPolicy} asks: the host's training code
 * (a Tribuo trainer and a data supplier, say), which also tracks its run. The request carries the
 * labelled production data the policy collected from feedback. It returns the candidate
 * unregistered; the policy evaluates it and registers it only when it beats the champion.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface Retrainer<I, O> {

    /**
     * Trains a candidate.
     *
     * @param request why and when, and the labelled production data
     * @return the trained candidate
     * @throws Exception when training fails; the policy logs it and reports a FAILED outcome
     */
    RetrainedModel<I, O> retrain(RetrainRequest<I> request) throws Exception;
}

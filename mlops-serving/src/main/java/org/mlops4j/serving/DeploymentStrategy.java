package org.mlops4j.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.PredictionField;

/**
 * How a {@link ModelEndpoint} routes each request between its variants.
 *
 * <p>{@link #select(String)} runs on the prediction path for every call: implementations must be
 * thread-safe, must not block, lock or log there, and should not allocate. After the selected
 * variant answered, {@link #onAnswer} sees the prediction and decides what the caller gets: the
 * default returns the model's answer; a shadow strategy also sends the input to its shadow; a human
 * review decorator may hold a low-confidence answer back.
 *
 * <p>Built-ins come from the static factories here; {@link BlueGreenStrategy},
 * {@link ShadowStrategy}, {@link HumanReviewStrategy} and {@link BanditStrategy} are public because
 * they have controls of their own. An endpoint calls {@link #onAnswer} before its listeners. Decorators nest outside-in: {@code humanReview(shadow(...))} reviews the primary's
 * answers of a shadow deployment.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public interface DeploymentStrategy<I, O> extends AutoCloseable {

    /**
     * Picks the variant that answers a request.
     *
     * @param routingKey the sticky key (a user or account id), or {@code null} for a random choice
     * @return the variant
     */
    Variant<I, O> select(String routingKey);

    /**
     * Returns the variant that answers when the selected one fails or times out: the champion of a
     * canary, the live colour of a blue-green deployment, the primary of a shadow deployment.
     *
     * @return the fallback variant
     */
    Variant<I, O> fallback();

    /** @return every variant this strategy may route to */
    List<Variant<I, O>> variants();

    /**
     * The share of requests each variant is meant to answer, by variant name in {@link #variants()}
     * order, summing to 1: a canary's or A/B test's weights, 1 for the live variant of a single,
     * shadow or blue-green deployment (a shadow is mirrored, not answering), a decorator's delegate's
     * shares, and each arm's share of the selections so far for a bandit (equal before any). For
     * dashboards and the traffic-split series; routing never reads it.
     *
     * @return variant name to share in [0, 1]
     */
    default Map<String, Double> trafficShares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        String live = fallback().name();
        for (Variant<I, O> v : variants()) {
            shares.put(v.name(), v.name().equals(live) ? 1.0 : 0.0);
        }
        return shares;
    }

    /**
     * Sees a served prediction and returns what the caller gets. Called on the caller's thread:
     * must be quick and must not throw.
     *
     * @param event the prediction, with the variant that answered
     * @param output the model's answer
     * @return the answer for the caller
     */
    default O onAnswer(PredictionEvent<I, O> event, O output) {
        return output;
    }

    /**
     * Tells whether {@link #onAnswer} needs to see predictions. When it does not and an endpoint has
     * no listeners, the endpoint skips building events altogether (no timestamps, no ids): the
     * cheapest path, for routing-only strategies such as single, canary and A/B.
     *
     * @return true when {@link #onAnswer} does work (shadow, human review, bandit); false by default
     */
    default boolean observesAnswers() {
        return false;
    }

    /**
     * Tells whether the strategy learns from feedback ({@link #onFeedback}): while a strategy that
     * does is deployed, the endpoint's feedback join delivers to it.
     *
     * @return true for a bandit; false by default
     */
    default boolean observesFeedback() {
        return false;
    }

    /**
     * Receives feedback joined to one of the endpoint's predictions (a bandit credits a reward to
     * the arm that answered). Called on the thread that sent the feedback; must be thread-safe and
     * quick. The default does nothing.
     *
     * @param event the feedback and its prediction
     */
    default void onFeedback(FeedbackEvent<? extends I, ? extends O> event) {
    }

    /**
     * Tells which parts of a prediction {@link #onFeedback} reads, so that the endpoint's feedback
     * join remembers no more than it needs ({@link FeedbackListener#reads()}).
     *
     * @return the parts read; all of them by default (a bandit reads none: the variant is always kept)
     */
    default Set<PredictionField> feedbackReads() {
        return PredictionField.all();
    }

    /**
     * Gives the strategy the sink where it announces the routing changes it makes on its own (a
     * blue-green switch or rollback), so the endpoint can report them as {@link DeploymentChange}s.
     * {@link ModelEndpoint} calls it when it starts serving with this strategy: at build and on each
     * {@link ModelEndpoint#deploy}. A strategy announces to the sink it was given last; once an
     * endpoint has deployed another strategy it ignores this one's announcements.
     *
     * <p>Strategies that change routing only when redeployed ignore the sink (the default). A
     * decorator must forward the sink to the strategy it wraps, as {@link HumanReviewStrategy} does,
     * or the wrapped strategy's changes go unannounced.
     *
     * @param sink where to announce routing changes
     */
    default void attach(RoutingChangeSink sink) {
    }

    /** Releases what the strategy holds (shadow threads); the default holds nothing. */
    @Override
    default void close() {
    }

    /**
     * One model takes all traffic.
     *
     * @param variant the model
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     */
    static <I, O> DeploymentStrategy<I, O> single(Variant<I, O> variant) {
        return new SingleStrategy<>(variant);
    }

    /**
     * A candidate takes a sticky share of traffic: a key goes to the candidate when its bucket
     * ({@link Buckets#of}) is below {@code weightBasisPoints}. Raising the weight only adds keys.
     *
     * @param champion the model that keeps the rest, and the fallback
     * @param candidate the model on trial
     * @param weightBasisPoints the candidate's share in basis points (5% = 500), in [0, 10000]
     * @param salt the bucketing salt, usually the endpoint's name (the same on every replica)
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     * @throws IllegalArgumentException if the weight is outside [0, 10000] or both variants share a name
     */
    static <I, O> DeploymentStrategy<I, O> canary(Variant<I, O> champion, Variant<I, O> candidate,
                                                  int weightBasisPoints, String salt) {
        return new CanaryStrategy<>(champion, candidate, weightBasisPoints, salt);
    }

    /**
     * N variants share traffic by weights, with the same sticky bucketing as a canary: variants
     * take consecutive bucket ranges in the order given.
     *
     * @param weights variant to weight in basis points, in iteration order; the weights must sum to 10000
     * @param salt the bucketing salt
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy; its fallback is the first variant
     * @throws IllegalArgumentException if the map is empty, a weight is negative, or they do not sum to 10000
     */
    static <I, O> DeploymentStrategy<I, O> abTest(Map<Variant<I, O>, Integer> weights, String salt) {
        return new AbTestStrategy<>(weights, salt);
    }
}

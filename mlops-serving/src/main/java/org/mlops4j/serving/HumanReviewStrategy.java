package org.mlops4j.serving;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Human-in-the-loop deferral around any strategy: a prediction whose confidence is below a
 * threshold goes to a {@link ReviewQueue} and the caller gets an {@link Interim} answer; the rest
 * are answered by the model. The same code covers the degrees of automation:
 * <ul>
 *   <li>human only: threshold above 1, {@link Interim#defer} — every case waits for a person;</li>
 *   <li>shadow: human only, with the model's answer recorded in each review item for comparison;</li>
 *   <li>AI-assisted: threshold above 1, {@link Interim#modelAnswer()} — the model answers, a person
 *       checks every case;</li>
 *   <li>partial automation: a threshold such as 0.8 — only unsure cases wait;</li>
 *   <li>full automation: threshold 0 (or no decorator) — the model answers everything.</li>
 * </ul>
 * A prediction without a confidence counts as unsure unless {@code reviewWithoutConfidence} is
 * false. Decorates outside the wrapped strategy: it sees the answer the wrapped strategy returns.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class HumanReviewStrategy<I, O> implements DeploymentStrategy<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(HumanReviewStrategy.class);

    private final DeploymentStrategy<I, O> delegate;
    private final double threshold;
    private final ReviewQueue<I, O> queue;
    private final Interim<I, O> interim;
    private final boolean reviewWithoutConfidence;
    private final LongAdder deferred = new LongAdder();
    private final LongAdder automated = new LongAdder();
    private final LongAdder queueFailures = new LongAdder();

    private HumanReviewStrategy(DeploymentStrategy<I, O> delegate, double threshold, ReviewQueue<I, O> queue,
                                Interim<I, O> interim, boolean reviewWithoutConfidence) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.interim = Objects.requireNonNull(interim, "interim");
        if (Double.isNaN(threshold) || threshold < 0.0) {
            throw new IllegalArgumentException("threshold must be >= 0 (above 1 reviews everything) but was "
                    + threshold);
        }
        this.threshold = threshold;
        this.reviewWithoutConfidence = reviewWithoutConfidence;
    }

    /**
     * Wraps a strategy with review of low-confidence predictions.
     *
     * @param delegate the strategy that picks the model
     * @param threshold predictions with confidence below it are reviewed; 0 reviews none, above 1 all
     * @param queue where reviewed predictions go
     * @param interim what the caller gets meanwhile
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     * @throws IllegalArgumentException if the threshold is negative or NaN
     */
    public static <I, O> HumanReviewStrategy<I, O> of(DeploymentStrategy<I, O> delegate, double threshold,
                                                      ReviewQueue<I, O> queue, Interim<I, O> interim) {
        return new HumanReviewStrategy<>(delegate, threshold, queue, interim, true);
    }

    /**
     * Returns this strategy with predictions that carry no confidence answered by the model
     * instead of reviewed.
     *
     * @return a new strategy sharing the queue
     */
    public HumanReviewStrategy<I, O> automateWithoutConfidence() {
        return new HumanReviewStrategy<>(delegate, threshold, queue, interim, false);
    }

    @Override
    public boolean observesAnswers() {
        return true;
    }

    @Override
    public Variant<I, O> select(String routingKey) {
        return delegate.select(routingKey);
    }

    @Override
    public Variant<I, O> fallback() {
        return delegate.fallback();
    }

    @Override
    public List<Variant<I, O>> variants() {
        return delegate.variants();
    }

    @Override
    public Map<String, Double> trafficShares() {
        return delegate.trafficShares();
    }

    @Override
    public O onAnswer(PredictionEvent<I, O> event, O output) {
        O answer = delegate.onAnswer(event, output);
        double confidence = event.confidence().orElse(Double.NaN);
        boolean unsure = Double.isNaN(confidence) ? reviewWithoutConfidence : confidence < threshold;
        if (!unsure) {
            automated.increment();
            return answer;
        }
        deferred.increment();
        try {
            if (!queue.offer(new ReviewItem<>(event.predictionId(), event.input(), answer, confidence, event.model(),
                    event.timestamp()))) {
                LOG.debug("review queue full: prediction {} answered with the interim answer, not reviewed",
                        event.predictionId());
            }
        } catch (RuntimeException e) {
            // A shared queue's store failed: the caller still gets the interim answer, the item is lost and counted.
            queueFailures.increment();
            LOG.warn("review queue {}: queueing prediction {} failed; answered with the interim answer, not reviewed",
                    queue, event.predictionId(), e);
        }
        return interim.answer(event.input(), answer);
    }

    @Override
    public boolean observesFeedback() {
        return delegate.observesFeedback();
    }

    @Override
    public void onFeedback(FeedbackEvent<? extends I, ? extends O> event) {
        delegate.onFeedback(event);
    }

    /** @return the review queue */
    public ReviewQueue<I, O> queue() {
        return queue;
    }

    /** @return predictions deferred to review so far */
    public long deferred() {
        return deferred.sum();
    }

    /** @return deferred predictions that could not be queued because the (shared) queue's store failed */
    public long queueFailures() {
        return queueFailures.sum();
    }

    /** @return predictions answered by the model without review so far */
    public long automated() {
        return automated.sum();
    }

    /** Forwards the sink to the wrapped strategy, whose routing changes this decorator does not alter. */
    @Override
    public void attach(RoutingChangeSink sink) {
        delegate.attach(sink);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "humanReview(" + delegate + ", threshold=" + threshold + ")";
    }
}

package org.mlops4j.serving;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Human-in-the-loop review around any strategy, at a degree of automation ({@link AutomationLevel}):
 * predictions to review go to a {@link ReviewQueue} and the caller gets an {@link Interim} answer (or
 * the model's, with {@link AutomationLevel#AI_ASSISTANCE}); the rest are answered by the model.
 * {@link #of} starts at {@link AutomationLevel#PARTIAL} with the given threshold, which also covers
 * the ladder with thresholds alone (above 1 reviews everything, 0 nothing);
 * {@link #withAutomation} picks another level before deploying, and {@link #automate} moves a deployed
 * strategy along the ladder at run time, audited.
 *
 * <p><b>Audit.</b> Each {@link #automate} is announced through the {@link RoutingChangeSink} the
 * endpoint attached, so the endpoint's deployment listeners receive it as a {@link DeploymentChange}
 * (before, after, when by the endpoint's clock, and a reason naming who changed it and why), and it is
 * logged at INFO.
 *
 * <p><b>A full queue</b> is handled by the {@link QueueFullPolicy} ({@link #whenFull}; by default
 * {@link QueueFullPolicy#rejectNew()}) and counted in {@link #stats()}. A queue whose store fails is
 * logged and counted; the caller still gets its answer.
 *
 * <p>At {@link AutomationLevel#PARTIAL} a prediction without a confidence counts as unsure unless
 * {@link #automateWithoutConfidence()} was called. Decorates outside the wrapped strategy: it sees
 * the answer the wrapped strategy returns. Thread-safe; the level is one volatile read per call.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class HumanReviewStrategy<I, O> implements DeploymentStrategy<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(HumanReviewStrategy.class);

    /** The level and the threshold of {@link AutomationLevel#PARTIAL}, changed together. */
    private record Setting(AutomationLevel level, double threshold) {
        @Override
        public String toString() {
            return level == AutomationLevel.PARTIAL ? "PARTIAL(threshold=" + threshold + ")" : level.name();
        }
    }

    private final DeploymentStrategy<I, O> delegate;
    private final AtomicReference<Setting> setting;
    /** Orders run-time changes, so that each announcement's before is the previous one's after. */
    private final Object changeLock = new Object();
    private final ReviewQueue<I, O> queue;
    private final Interim<I, O> interim;
    private final boolean reviewWithoutConfidence;
    private final QueueFullPolicy whenFull;
    private volatile RoutingChangeSink sink = RoutingChangeSink.none();
    private final LongAdder deferred = new LongAdder();
    private final LongAdder automated = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final LongAdder blocked = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder answeredByModel = new LongAdder();
    private final LongAdder queueFailures = new LongAdder();

    private HumanReviewStrategy(DeploymentStrategy<I, O> delegate, Setting setting, ReviewQueue<I, O> queue,
                                Interim<I, O> interim, boolean reviewWithoutConfidence, QueueFullPolicy whenFull) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.interim = Objects.requireNonNull(interim, "interim");
        this.setting = new AtomicReference<>(setting);
        this.reviewWithoutConfidence = reviewWithoutConfidence;
        this.whenFull = Objects.requireNonNull(whenFull, "whenFull");
    }

    private static double checkThreshold(double threshold) {
        if (Double.isNaN(threshold) || threshold < 0.0) {
            throw new IllegalArgumentException("threshold must be >= 0 (above 1 reviews everything) but was "
                    + threshold);
        }
        return threshold;
    }

    /**
     * Wraps a strategy with review of low-confidence predictions: level {@link AutomationLevel#PARTIAL}.
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
        return new HumanReviewStrategy<>(delegate, new Setting(AutomationLevel.PARTIAL, checkThreshold(threshold)),
                queue, interim, true, QueueFullPolicy.rejectNew());
    }

    /**
     * Returns this strategy with predictions that carry no confidence answered by the model
     * instead of reviewed (at {@link AutomationLevel#PARTIAL}).
     *
     * @return a new strategy sharing the queue, with counters of its own
     */
    public HumanReviewStrategy<I, O> automateWithoutConfidence() {
        return new HumanReviewStrategy<>(delegate, setting.get(), queue, interim, false, whenFull);
    }

    /**
     * Returns this strategy at another level, for configuring before it is deployed (not audited:
     * use {@link #automate} on a deployed strategy). {@link AutomationLevel#PARTIAL} keeps the threshold.
     *
     * @param level the level
     * @return a new strategy sharing the queue, with counters of its own
     */
    public HumanReviewStrategy<I, O> withAutomation(AutomationLevel level) {
        Objects.requireNonNull(level, "level");
        return new HumanReviewStrategy<>(delegate, new Setting(level, setting.get().threshold()), queue, interim,
                reviewWithoutConfidence, whenFull);
    }

    /**
     * Returns this strategy with another policy for a full queue.
     *
     * @param policy what to do when the queue is full
     * @return a new strategy sharing the queue, with counters of its own
     */
    public HumanReviewStrategy<I, O> whenFull(QueueFullPolicy policy) {
        return new HumanReviewStrategy<>(delegate, setting.get(), queue, interim, reviewWithoutConfidence,
                Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Moves the strategy to another level at run time, keeping the threshold; every call from now
     * on is served at that level. Audited as described in the class comment.
     *
     * @param level the new level
     * @param who who decided, non-blank (a person or a controller's name)
     * @param why why, non-blank
     * @throws IllegalArgumentException if {@code who} or {@code why} is blank
     */
    public void automate(AutomationLevel level, String who, String why) {
        Objects.requireNonNull(level, "level");
        change(current -> new Setting(level, current.threshold()), who, why);
    }

    /**
     * Moves the strategy to {@link AutomationLevel#PARTIAL} with a threshold at run time. Audited as
     * described in the class comment.
     *
     * @param threshold predictions with confidence below it are reviewed, at least 0
     * @param who who decided, non-blank
     * @param why why, non-blank
     * @throws IllegalArgumentException if the threshold is negative or NaN, or {@code who} or
     *     {@code why} is blank
     */
    public void automatePartially(double threshold, String who, String why) {
        double t = checkThreshold(threshold);
        change(current -> new Setting(AutomationLevel.PARTIAL, t), who, why);
    }

    private void change(java.util.function.UnaryOperator<Setting> next, String who, String why) {
        checkText("who", who);
        checkText("why", why);
        String before;
        String after;
        Setting was;
        Setting now;
        synchronized (changeLock) {
            // One change at a time, so that each announcement's before is the previous one's after.
            was = setting.get();
            before = toString();
            now = next.apply(was);
            setting.set(now);
            after = toString();
        }
        String reason = "automation " + was + " -> " + now + " by " + who + ": " + why;
        LOG.info("human review {}: {}", queue, reason);
        try {
            sink.routingChanged(before, after, reason);
        } catch (RuntimeException e) {
            // Another component's code: the change stands, its audit failure is logged.
            LOG.warn("human review {}: announcing the automation change failed: {}", queue, reason, e);
        }
    }

    private static void checkText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank but was '" + value + "'");
        }
    }

    /** @return the level serving now */
    public AutomationLevel automation() {
        return setting.get().level();
    }

    /** @return the confidence threshold of {@link AutomationLevel#PARTIAL} */
    public double threshold() {
        return setting.get().threshold();
    }

    /** @return what is done when the queue is full */
    public QueueFullPolicy fullQueuePolicy() {
        return whenFull;
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
        Setting s = setting.get();
        AutomationLevel level = s.level();
        double confidence = event.confidence().orElse(Double.NaN);
        boolean review = switch (level) {
            case FULL -> false;
            case PARTIAL -> Double.isNaN(confidence) ? reviewWithoutConfidence : confidence < s.threshold();
            default -> true;
        };
        if (!review) {
            automated.increment();
            return answer;
        }
        deferred.increment();
        O modelAnswer = level == AutomationLevel.HUMAN_ONLY ? null : answer;
        boolean assisted = level == AutomationLevel.AI_ASSISTANCE;
        try {
            ReviewItem<I, O> item = new ReviewItem<>(event.predictionId(), event.input(), modelAnswer, confidence,
                    event.model(), event.timestamp());
            // Counted as blocked when the wait starts, so that the count is visible while it lasts.
            if (queue.offer(item, whenFull.bound(), blocked::increment)) {
                queued.increment();
            } else if (whenFull.action() == QueueFullPolicy.Action.ANSWER_BY_MODEL) {
                answeredByModel.increment();
                LOG.debug("review queue {} full: prediction {} answered by the model, not reviewed", queue,
                        event.predictionId());
                return answer;
            } else {
                rejected.increment();
                LOG.debug("review queue {} full ({}): prediction {} not reviewed", queue, whenFull,
                        event.predictionId());
            }
        } catch (RuntimeException e) {
            // A shared queue's store failed: the caller still gets its answer, the item is lost and counted.
            queueFailures.increment();
            LOG.warn("review queue {}: queueing prediction {} failed; answered without review",
                    queue, event.predictionId(), e);
        }
        return assisted ? answer : interim.answer(event.input(), answer);
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

    /** @return predictions sent to review so far (queued or not) */
    public long deferred() {
        return deferred.sum();
    }

    /** @return predictions that could not be queued because the (shared) queue's store failed */
    public long queueFailures() {
        return queueFailures.sum();
    }

    /** @return predictions answered by the model without review so far */
    public long automated() {
        return automated.sum();
    }

    /** @return every counter at once */
    public HumanReviewStats stats() {
        return new HumanReviewStats(automated.sum(), deferred.sum(), queued.sum(), blocked.sum(), rejected.sum(),
                answeredByModel.sum(), queueFailures.sum());
    }

    /**
     * Keeps the sink for announcing {@link #automate} changes and forwards it to the wrapped strategy,
     * whose own routing changes this decorator does not alter.
     */
    @Override
    public void attach(RoutingChangeSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        delegate.attach(sink);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "humanReview(" + delegate + ", automation=" + setting.get() + ")";
    }
}

package org.mlops4j.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.Clock;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.IncompatibleSignatureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model wrapped for live traffic: replace {@code model.predict(x)} with
 * {@code endpoint.predict(x, userId)} and the endpoint routes each call with its
 * {@link DeploymentStrategy}, times it, falls back when a variant fails, emits a
 * {@link PredictionEvent} per variant attempt to its listeners, joins feedback that comes later
 * ({@link #feedback()}), and can be redeployed atomically at run time.
 *
 * <pre>{@code
 * ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
 *         .strategy(DeploymentStrategy.canary(champion, candidate, 500, "fraud"))
 *         .outputs(TribuoOutputs.classifier())      // confidence of each answer (mlops-tribuo)
 *         .listener(monitor)                        // predictions, and feedback joined to them
 *         .build();
 * Prediction<Label> p = endpoint.predict(row, userId);                        // the simple form
 * PredictionResult<Prediction<Label>> r = endpoint.serve(row, userId, txId);  // with its identity
 * endpoint.feedback().record(r.predictionId(), GroundTruth.label("fraud"));   // later
 * }</pre>
 *
 * <p><b>Identity.</b> Every observed call gets one prediction id, shared by the events of its
 * attempts (the routed variant's, then the fallback's when it failed); {@link #serve} returns it
 * with the variant and model that answered. A caller's own request id (a transaction id, an HTTP
 * request id) travels in the events and keys feedback as well.
 *
 * <p><b>Feedback.</b> The endpoint owns the one {@link FeedbackJoin} of its predictions: a listener
 * that is also a {@link FeedbackListener} (a monitor) receives feedback joined to its prediction, and
 * so does a strategy that learns from it (a bandit's rewards).
 *
 * <p><b>Hot path.</b> A call reads the current strategy (one volatile read), selects a variant by a
 * hash of the routing key, calls it, and builds one event: no lock, no I/O, no logging. When the
 * endpoint has no listener, the strategy does not observe answers and nothing listens for feedback,
 * no event is built at all. Listeners
 * run on the caller's thread and must be quick; each is guarded, so one that throws is counted and
 * logged and never changes the answer.
 *
 * <p><b>Failures.</b> {@link InvalidInputException} from a model is the caller's fault and
 * propagates as is. Any other exception, or exceeding the variant timeout when one is configured,
 * is counted, emitted as a failure event, and answered by the strategy's fallback (the champion)
 * when that is a different variant; if it fails too, the caller gets a
 * {@link PredictionFailedException} naming the variant. With a variant timeout every call runs on
 * an endpoint thread so it can be abandoned: use one only where a model can hang. Each variant has
 * at most a fixed number of such threads ({@link Builder#variantTimeout(Duration, int)}); a call
 * that finds them all busy, typically because the model hangs, is refused at once with a
 * {@link VariantBusyException} and answered by the fallback like a timeout, so a hung model costs a
 * bounded number of threads and never delays the caller by more than the timeout.
 *
 * <p>Thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ModelEndpoint<I, O> implements Predictor<I, O>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelEndpoint.class);

    private final String name;
    private final Clock clock;
    private final EventTime eventTime;
    private final ToDoubleFunction<? super O> confidence;
    private final AtomicReference<DeploymentStrategy<I, O>> strategy;
    private final FeedbackJoin<I, O> feedback;
    /** Forwards joined feedback to the strategy deployed now, while it learns from feedback. */
    private final FeedbackListener<I, O> strategyFeedback = new FeedbackListener<>() {
        @Override
        public void onFeedback(FeedbackEvent<? extends I, ? extends O> event) {
            strategy().onFeedback(event);
        }

        @Override
        public Set<PredictionField> reads() {
            return strategy().feedbackReads();
        }

        @Override
        public String toString() {
            return "feedback of the strategy of '" + name + "'";
        }
    };
    private boolean strategyListens;
    private final Object listenerLock = new Object();
    private volatile PredictionListener<? super I, ? super O>[] listeners;
    private final List<Consumer<? super DeploymentChange>> deploymentListeners;
    private final TimeoutPool timeoutPool;
    private static final Duration DEFAULT_RETIRED_GRACE = Duration.ofSeconds(30);

    private final RegistryBinding<I, O> binding;
    private final boolean signatureCheck;
    private final Duration retiredGrace;
    private final String idPrefix;
    /** Per-thread id counters: a shared atomic counter would bounce one cache line between cores. */
    private final ThreadLocal<long[]> ids = ThreadLocal.withInitial(() -> new long[1]);

    private final LongAdder predictions = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder invalidInputs = new LongAdder();
    private final LongAdder listenerErrors = new LongAdder();
    private final LongAdder confidenceErrors = new LongAdder();

    private ModelEndpoint(Builder<I, O> b, DeploymentStrategy<I, O> initial) {
        this.name = b.name;
        this.clock = b.clock;
        this.eventTime = new EventTime(b.clock);
        this.confidence = b.confidence;
        this.strategy = new AtomicReference<>(initial);
        this.listeners = toArray(b.listeners);
        this.feedback = FeedbackJoin.of(b.feedbackConfig, b.clock);
        for (PredictionListener<? super I, ? super O> l : b.listeners) {
            joinFeedback(l);
        }
        followFeedback(initial);
        this.deploymentListeners = List.copyOf(b.deploymentListeners);
        this.binding = b.binding;
        this.signatureCheck = b.signatureCheck;
        this.retiredGrace = b.retiredGrace;
        this.idPrefix = name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "-";
        this.timeoutPool = b.variantTimeout == null ? null
                : new TimeoutPool(name, b.variantTimeout, b.timeoutThreads, () -> strategy.get().variants());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <I, O> PredictionListener<? super I, ? super O>[] toArray(
            List<PredictionListener<? super I, ? super O>> list) {
        return list.toArray(new PredictionListener[0]);
    }

    /**
     * Starts building an endpoint.
     *
     * @param name the endpoint's name: in events, metrics, and the default canary salt
     * @param <I> the input type
     * @param <O> the output type
     * @return the builder
     * @throws IllegalArgumentException if the name is blank
     */
    public static <I, O> Builder<I, O> builder(String name) {
        return new Builder<>(name);
    }

    /** @return the endpoint's name */
    public String name() {
        return name;
    }

    /** @return the strategy serving now */
    public DeploymentStrategy<I, O> strategy() {
        return strategy.get();
    }

    /**
     * Answers a request without a routing key: a canary or A/B strategy picks a random bucket.
     *
     * @param input the input
     * @return the answer
     * @throws InvalidInputException if the model refuses the input
     * @throws PredictionFailedException if the model and its fallback failed
     */
    @Override
    public O predict(I input) {
        return predict(input, null);
    }

    /**
     * Answers a request, routing it by a sticky key.
     *
     * @param input the input
     * @param routingKey the key (a user or account id) that keeps a caller on one variant; may be null
     * @return the answer
     * @throws NullPointerException if {@code input} is null
     * @throws InvalidInputException if the model refuses the input
     * @throws PredictionFailedException if the model and its fallback failed
     */
    public O predict(I input, String routingKey) {
        return call(input, routingKey, null, null);
    }

    /**
     * Answers a request and says who answered: the prediction id to send feedback with, the variant
     * and model version, and whether a fallback answered.
     *
     * @param input the input
     * @param routingKey the key (a user or account id) that keeps a caller on one variant; may be null
     * @param requestId the caller's own id of the request (a transaction or HTTP request id), carried
     *     in the events and usable as the key of feedback ({@link FeedbackJoin#recordForRequest});
     *     may be null
     * @return the answer with its identity
     * @throws NullPointerException if {@code input} is null
     * @throws InvalidInputException if the model refuses the input
     * @throws PredictionFailedException if the model and its fallback failed
     */
    public PredictionResult<O> serve(I input, String routingKey, String requestId) {
        Answered<I, O> answered = new Answered<>();
        O output = call(input, routingKey, requestId, answered);
        return new PredictionResult<>(answered.event.predictionId(), Optional.ofNullable(requestId),
                answered.variant.name(), answered.variant.model(), output, answered.fallback);
    }

    /**
     * Answers a request without a routing key and says who answered.
     *
     * @param input the input
     * @return the answer with its identity
     * @throws InvalidInputException if the model refuses the input
     * @throws PredictionFailedException if the model and its fallback failed
     */
    public PredictionResult<O> serve(I input) {
        return serve(input, null, null);
    }

    /** Who answered a call, filled in for {@link #serve} only: the answered attempt's event carries the id. */
    private static final class Answered<I, O> {
        PredictionEvent<I, O> event;
        Variant<I, O> variant;
        boolean fallback;
    }

    private O call(I input, String routingKey, String requestId, Answered<I, O> answered) {
        Objects.requireNonNull(input, "input");
        DeploymentStrategy<I, O> s = strategy.get();
        Variant<I, O> selected = s.select(routingKey);
        boolean observed = answered != null || listeners.length > 0 || s.observesAnswers() || feedback.active();
        // With a timeout, the whole call has one deadline: a fallback gets what is left of it.
        long deadline = timeoutPool == null ? 0L : timeoutPool.deadline();
        if (!observed) {
            // The common case kept small, so that it inlines: nobody looks, no id, no event.
            try {
                return attemptUnobserved(selected, input, deadline);
            } catch (RuntimeException e) {
                return recover(s, selected, input, 0L, requestId, routingKey, null, e, deadline);
            }
        }
        long sequence = nextSequence();
        if (answered != null) {
            answered.variant = selected;
        }
        try {
            return attempt(s, selected, input, sequence, requestId, routingKey, false, deadline, answered);
        } catch (RuntimeException e) {
            return recover(s, selected, input, sequence, requestId, routingKey, answered, e, deadline);
        }
    }

    /**
     * After the routed variant failed: rethrows bad input and a strategy's failure to answer, else
     * has the fallback answer (observed when the first attempt was, that is when {@code sequence} is
     * set: an observed call's sequence starts at 1).
     */
    private O recover(DeploymentStrategy<I, O> s, Variant<I, O> selected, I input, long sequence, String requestId,
                      String routingKey, Answered<I, O> answered, RuntimeException e, long deadline) {
        if (e instanceof InvalidInputException) {
            throw e;
        }
        if (e instanceof AnswerFailed failed) {
            failures.increment();
            throw new PredictionFailedException(name, failed.variant, failed.getCause());
        }
        Variant<I, O> fallback = s.fallback();
        // No other variant to try, or the call's time is spent (the routed variant timed out): a
        // fallback's answer would come after the caller's limit, so none is tried, nor blamed for it.
        if (fallback == selected || fallback.name().equals(selected.name())
                || (timeoutPool != null && deadline - System.nanoTime() <= 0)) {
            failures.increment();
            throw new PredictionFailedException(name, selected.name(), thrown(e));
        }
        try {
            O answer = sequence != 0L
                    ? attempt(s, fallback, input, sequence, requestId, routingKey, true, deadline, answered)
                    : attemptUnobserved(fallback, input, deadline);
            fallbacks.increment();
            if (answered != null) {
                answered.variant = fallback;
                answered.fallback = true;
            }
            return answer;
        } catch (InvalidInputException e2) {
            throw e2;
        } catch (AnswerFailed e2) {
            e2.getCause().addSuppressed(thrown(e));
            failures.increment();
            throw new PredictionFailedException(name, e2.variant, e2.getCause());
        } catch (RuntimeException e2) {
            Throwable second = thrown(e2);
            second.addSuppressed(thrown(e));
            failures.increment();
            throw new PredictionFailedException(name, fallback.name(), second);
        }
    }

    /** Calls one variant, emitting its event; throws what it threw (or a timeout). */
    private O attempt(DeploymentStrategy<I, O> s, Variant<I, O> v, I input, long sequence, String requestId,
                      String routingKey, boolean fallback, long deadline, Answered<I, O> answered) {
        long start = clock.nanoTime();
        O output;
        try {
            output = timeoutPool == null ? v.predictor().predict(input) : callWithTimeout(v, input, deadline);
        } catch (InvalidInputException e) {
            invalidInputs.increment();
            emit(event(sequence, requestId, routingKey, v, input, null, Double.NaN, start, clock.nanoTime(), e,
                    fallback));
            throw e;
        } catch (Throwable t) {
            RuntimeException failure = variantFailure(t);
            errors.increment();
            emit(event(sequence, requestId, routingKey, v, input, null, Double.NaN, start, clock.nanoTime(), t,
                    fallback));
            throw failure;
        }
        // The latency ends with the model's answer: the confidence function runs after it, off the clock.
        long end = clock.nanoTime();
        double c = confidenceOf(output, v);
        PredictionEvent<I, O> event = event(sequence, requestId, routingKey, v, input, output, c, start, end, null,
                fallback);
        if (answered != null) {
            answered.event = event;
        }
        // The strategy sees the answer first (a review queue records it), then the feedback join, so
        // that feedback sent from a listener at once finds its prediction.
        O answer;
        try {
            answer = s.onAnswer(event, output);
        } catch (RuntimeException e) {
            // Against the strategy's contract (a review's interim model failed, say). The model did
            // answer, so observers see that; the caller gets the failure, not a second model's try.
            emit(event);
            throw new AnswerFailed(v.name(), e);
        }
        predictions.increment();
        emit(event);
        return answer;
    }

    /** Carries a strategy's failure to give the answer past the fallback logic of {@link #call}. */
    private static final class AnswerFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String variant;

        AnswerFailed(String variant, RuntimeException cause) {
            super(cause);
            this.variant = variant;
        }
    }

    /**
     * The answer's confidence, NaN when it has none. Reading it is observation, not the answer: a
     * confidence function that throws or leaves [0, 1] is counted and logged, and the answer stands.
     */
    private double confidenceOf(O output, Variant<I, O> v) {
        if (output == null) {
            return Double.NaN;
        }
        double c;
        try {
            c = confidence.applyAsDouble(output);
        } catch (RuntimeException e) {
            confidenceFailed(v, "threw", e);
            return Double.NaN;
        }
        if (!Double.isNaN(c) && !(c >= 0.0 && c <= 1.0)) {
            confidenceFailed(v, "gave " + c + ", outside [0, 1],", null);
            return Double.NaN;
        }
        return c;
    }

    private void confidenceFailed(Variant<I, O> v, String what, RuntimeException e) {
        confidenceErrors.increment();
        long n = confidenceErrors.sum();
        if (n == 1 || n % 1000 == 0) {
            LOG.warn("endpoint '{}': the confidence function {} on an answer of '{}'; the answer stands with no "
                    + "confidence ({} such answers so far)", name, what, v.name(), n, e);
        }
    }

    /** Nobody looks at events: call the model and count, without timestamps, ids or an event. */
    private O attemptUnobserved(Variant<I, O> v, I input, long deadline) {
        O output;
        try {
            output = timeoutPool == null ? v.predictor().predict(input) : callWithTimeout(v, input, deadline);
        } catch (InvalidInputException e) {
            invalidInputs.increment();
            throw e;
        } catch (Throwable t) {
            RuntimeException failure = variantFailure(t);
            errors.increment();
            throw failure;
        }
        predictions.increment();
        return output;
    }

    /**
     * What a variant threw, as the failure to handle: a {@code RuntimeException} as it is; an
     * {@code Error} (a class that failed to load or initialise, an assertion, a stack overflow) or a
     * checked exception thrown sneakily carried by one. Either fails that variant: counted, emitted,
     * answered by the fallback. Only what the JVM cannot be trusted to continue after propagates at
     * once: an {@code OutOfMemoryError} or another {@code VirtualMachineError} but a stack overflow
     * (whose stack has unwound by now), and {@code ThreadDeath}.
     *
     * @param t what the variant threw
     * @return the failure to handle: {@code t} itself, or one carrying it
     */
    private static RuntimeException variantFailure(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if ((t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) || t instanceof ThreadDeath) {
            throw (Error) t;
        }
        if (t instanceof InterruptedException) {
            // Thrown sneakily: the variant failed, and the thread stays interrupted for its owner.
            Thread.currentThread().interrupt();
        }
        return new VariantThrew(t);
    }

    /** @return what the variant itself threw, unwrapped from {@link VariantThrew} */
    private static Throwable thrown(RuntimeException e) {
        return e instanceof VariantThrew ? e.getCause() : e;
    }

    /** Carries a variant's {@code Error} or checked exception through the fallback logic. */
    private static final class VariantThrew extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VariantThrew(Throwable cause) {
            super(cause);
        }
    }

    /** Runs the call on the variant's bounded timeout threads, within the call's deadline; see {@link TimeoutPool}. */
    private O callWithTimeout(Variant<I, O> v, I input, long deadline) {
        return timeoutPool.call(v, input, deadline);
    }

    /**
     * The call's number on this thread, from 1: with the thread's id, the call's id, unique per
     * endpoint, which each event formats only if it is read.
     */
    private long nextSequence() {
        return ++ids.get()[0];
    }

    /**
     * The event of an attempt that ran from tick {@code start} to tick {@code end} (read when the
     * model answered or failed, before the confidence function). Its id (unique per endpoint: the
     * thread's id and its own counter) and timestamp stay numbers until read; the timestamp is the
     * end's tick on the wall clock ({@link EventTime}).
     */
    private PredictionEvent<I, O> event(long sequence, String requestId, String routingKey, Variant<I, O> v, I input,
                                        O output, double confidence, long start, long end, Throwable error,
                                        boolean fallback) {
        boolean derived = eventTime.derived();
        return PredictionEvent.attempt(idPrefix, Thread.currentThread().getId(), sequence, requestId, routingKey,
                derived ? null : eventTime.timestamp(), derived ? eventTime.epochNanos(end) : 0L, name, v.name(),
                v.model(), input, output, confidence, end - start, error, fallback);
    }

    private void emit(PredictionEvent<I, O> event) {
        if (feedback.active()) {
            feedback.onPrediction(event);
        }
        for (PredictionListener<? super I, ? super O> l : listeners) {
            try {
                l.onPrediction(event);
            } catch (RuntimeException e) {
                listenerErrors.increment();
                long n = listenerErrors.sum();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("endpoint '{}': prediction listener {} failed ({} failures so far)", name, l, n, e);
                }
            }
        }
    }

    /**
     * Adds a listener; it sees every prediction from now on. A listener that is also a
     * {@link FeedbackListener} (a monitor) also receives the feedback {@link #feedback()} joins. A
     * listener already registered is not added twice.
     *
     * @param listener the listener
     */
    public void addListener(PredictionListener<? super I, ? super O> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            for (PredictionListener<? super I, ? super O> l : listeners) {
                if (l.equals(listener)) {
                    return;
                }
            }
            PredictionListener<? super I, ? super O>[] next = Arrays.copyOf(listeners, listeners.length + 1);
            next[next.length - 1] = listener;
            listeners = next;
            joinFeedback(listener);
        }
    }

    @SuppressWarnings("unchecked")
    private void joinFeedback(PredictionListener<? super I, ? super O> listener) {
        if (listener instanceof FeedbackListener<?, ?> f) {
            // A listener of (? super I, ? super O) predictions accepts feedback about them too.
            feedback.addListener((FeedbackListener<? super I, ? super O>) f);
        }
    }

    @SuppressWarnings("unchecked")
    private void leaveFeedback(PredictionListener<? super I, ? super O> listener) {
        if (listener instanceof FeedbackListener<?, ?> f) {
            feedback.removeListener((FeedbackListener<? super I, ? super O>) f);
        }
    }

    /** Registers the strategy-forwarding feedback listener while the deployed strategy learns from feedback. */
    private void followFeedback(DeploymentStrategy<I, O> deployed) {
        synchronized (listenerLock) {
            boolean listens = deployed.observesFeedback();
            if (strategyListens) {
                feedback.removeListener(strategyFeedback);
            }
            if (listens) {
                // Added again for each strategy, so that the join keeps what this one reads.
                feedback.addListener(strategyFeedback);
            }
            strategyListens = listens;
        }
    }

    /**
     * The endpoint's feedback entry: send ground truth, user signals and rewards here, by the
     * prediction id ({@link PredictionResult#predictionId()}, {@link PredictionEvent#predictionId()})
     * or by the request id the caller gave {@link #serve}. The join remembers the most recent answered
     * predictions ({@link Builder#feedback(FeedbackConfig)}) while anything listens for feedback.
     *
     * @return the join
     */
    public FeedbackJoin<I, O> feedback() {
        return feedback;
    }

    /**
     * Removes a listener added with {@link #addListener} (the first one equal to it).
     *
     * @param listener the listener
     * @return true when it was registered
     */
    public boolean removeListener(PredictionListener<? super I, ? super O> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            for (int i = 0; i < listeners.length; i++) {
                if (listeners[i].equals(listener)) {
                    PredictionListener<? super I, ? super O>[] next = Arrays.copyOf(listeners, listeners.length - 1);
                    System.arraycopy(listeners, i + 1, next, i, listeners.length - i - 1);
                    listeners = next;
                    leaveFeedback(listener);
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Replaces the strategy atomically: every call after this returns uses the new one. The old
     * strategy is closed (stopping shadow threads) unless it is the same object. The new strategy
     * is {@linkplain DeploymentStrategy#attach attached}: routing changes it makes on its own (a
     * blue-green switch or rollback) reach the deployment listeners as {@link DeploymentChange}s
     * too, until another strategy is deployed; the old one's announcements are ignored from now on.
     *
     * <p><b>Signatures.</b> A variant of {@code next} serving a version the endpoint does not serve
     * now is checked against every variant it serves now: when both carry a
     * {@link org.mlops4j.core.schema.ModelSignature} and the newcomer's cannot take the served one's
     * traffic ({@link org.mlops4j.core.schema.ModelSignature#differencesFrom}), nothing is deployed
     * and the call throws, listing the differences. A variant without a signature is not checked;
     * {@link Builder#signatureCheck(boolean)} turns the check off.
     *
     * @param next the new strategy
     * @param reason why, recorded in the {@link DeploymentChange}
     * @return the change, also sent to the deployment listeners
     * @throws IncompatibleSignatureException if a new variant's signature is incompatible with a
     *     served variant's; the endpoint keeps serving what it served
     */
    public DeploymentChange deploy(DeploymentStrategy<I, O> next, String reason) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(reason, "reason");
        DeploymentStrategy<I, O> before;
        do {
            before = strategy.get();
            if (signatureCheck) {
                checkSignatures(before, next);
            }
        } while (!strategy.compareAndSet(before, next));
        followFeedback(next);
        if (timeoutPool != null) {
            timeoutPool.retainDeployed();
        }
        next.attach(sinkFor(next));
        DeploymentChange change = new DeploymentChange(name, before.toString(), next.toString(), reason, clock.now());
        LOG.info("endpoint '{}' deployed {} (was {}): {}", name, next, before, reason);
        publish(change);
        if (before != next) {
            before.close();
            List<Variant<I, O>> leaving = before.variants();
            List<Variant<I, O>> staying = next.variants();
            if (retiredGrace.isZero()) {
                closeLeaving(leaving, staying);
            } else {
                CompletableFuture.runAsync(() -> closeLeaving(leaving, staying),
                        CompletableFuture.delayedExecutor(retiredGrace.toNanos(), TimeUnit.NANOSECONDS));
            }
        }
        return change;
    }

    /**
     * Closes the {@link AutoCloseable} predictors of variants that left the endpoint (by identity:
     * a predictor still served under another variant stays open): the endpoint owns what it serves,
     * so an ONNX session of a replaced model is released with it, once the calls that were routed to
     * it before the switch had {@link Builder#retiredPredictorGrace time to finish}.
     */
    private void closeLeaving(List<Variant<I, O>> leaving, List<Variant<I, O>> staying) {
        Set<Predictor<I, O>> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Variant<I, O> v : staying) {
            kept.add(v.predictor());
        }
        for (Variant<I, O> v : leaving) {
            if (v.predictor() instanceof AutoCloseable c && kept.add(v.predictor())) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("endpoint '{}': closing the predictor of {} failed", name, v, e);
                }
            }
        }
    }

    private void checkSignatures(DeploymentStrategy<I, O> served, DeploymentStrategy<I, O> next) {
        Set<ModelRef> servedModels = new HashSet<>();
        for (Variant<I, O> v : served.variants()) {
            servedModels.add(v.model());
        }
        for (Variant<I, O> candidate : next.variants()) {
            if (servedModels.contains(candidate.model()) || candidate.signature().isEmpty()) {
                continue;
            }
            for (Variant<I, O> live : served.variants()) {
                if (live.signature().isEmpty()) {
                    continue;
                }
                List<String> differences = candidate.signature().get().differencesFrom(live.signature().get());
                if (!differences.isEmpty()) {
                    LOG.warn("endpoint '{}' refused {}: its signature is incompatible with {}'s: {}", name,
                            candidate, live, differences);
                    throw new IncompatibleSignatureException(candidate.model().uri(), live.model().uri(), differences);
                }
            }
        }
    }

    /**
     * The sink given to a deployed strategy: its announcements become deployment changes while it
     * is still the one deployed (compared by identity), and are dropped once it was replaced.
     */
    private RoutingChangeSink sinkFor(DeploymentStrategy<I, O> deployed) {
        return (before, after, reason) -> {
            DeploymentChange change = new DeploymentChange(name, before, after, reason, clock.now());
            if (strategy.get() != deployed) {
                LOG.debug("endpoint '{}': ignored a routing change of {}, which it no longer serves: {}", name,
                        deployed, reason);
                return;
            }
            if (timeoutPool != null) {
                timeoutPool.retainDeployed();
            }
            LOG.info("endpoint '{}' routing changed to {} (was {}): {}", name, after, before, reason);
            publish(change);
        };
    }

    private void publish(DeploymentChange change) {
        for (Consumer<? super DeploymentChange> l : deploymentListeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("endpoint '{}': deployment listener failed", name, e);
            }
        }
    }

    /**
     * Follows the registry URI the endpoint was built from: when it now points to another version,
     * loads that version (checksum-verified) and deploys it as a single strategy.
     *
     * @return the change, or empty when the URI still points to the version being served
     * @throws IncompatibleSignatureException if the new version's signature cannot take the served
     *     version's traffic (see {@link #deploy}); the loaded model is closed, the served one kept
     * @throws IllegalStateException if the endpoint was not built from a registry
     */
    public Optional<DeploymentChange> reload() {
        if (binding == null) {
            throw new IllegalStateException("endpoint '" + name + "' was not built from a registry; use deploy(...)");
        }
        return reload(binding);
    }

    private Optional<DeploymentChange> reload(RegistryBinding<I, O> b) {
        ModelVersion version = b.resolve();
        if (strategy.get().variants().stream().anyMatch(v -> v.model().equals(version.ref()))) {
            return Optional.empty();
        }
        DeploymentStrategy<I, O> next = DeploymentStrategy.single(b.load(version));
        try {
            return Optional.of(deploy(next, b.uri() + " now points to " + version.ref()));
        } catch (IncompatibleSignatureException e) {
            next.close();
            closeLeaving(next.variants(), strategy.get().variants());
            throw e;
        }
    }

    /** @return whether {@link #deploy} refuses a version whose signature is incompatible with the served ones' */
    public boolean signatureCheck() {
        return signatureCheck;
    }

    /** @return the endpoint's counters */
    public EndpointStats stats() {
        long timeouts = timeoutPool == null ? 0 : timeoutPool.timeouts();
        long rejected = timeoutPool == null ? 0 : timeoutPool.rejected();
        return new EndpointStats(predictions.sum(), errors.sum(), timeouts, rejected, fallbacks.sum(), failures.sum(),
                invalidInputs.sum(), listenerErrors.sum(), confidenceErrors.sum());
    }

    /**
     * Closes the strategy and the {@link AutoCloseable} predictors it serves (ONNX sessions, for
     * example), and stops the timeout threads: idle ones end, running calls are interrupted (a model
     * that ignores interrupts keeps its thread until it returns), and later calls with a variant
     * timeout fail.
     */
    @Override
    public void close() {
        DeploymentStrategy<I, O> served = strategy.get();
        served.close();
        closeLeaving(served.variants(), List.of());
        if (timeoutPool != null) {
            timeoutPool.close();
        }
    }

    @Override
    public String toString() {
        return "ModelEndpoint[" + name + ", " + strategy.get() + "]";
    }

    /**
     * Builds a {@link ModelEndpoint}; not thread-safe.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final String name;
        private DeploymentStrategy<I, O> strategy;
        private RegistryBinding<I, O> binding;
        private Clock clock = Clock.system();
        private ToDoubleFunction<? super O> confidence = o -> Double.NaN;
        private FeedbackConfig feedbackConfig = FeedbackConfig.ofDefaults();
        private final List<PredictionListener<? super I, ? super O>> listeners = new ArrayList<>();
        private final List<Consumer<? super DeploymentChange>> deploymentListeners = new ArrayList<>();
        private Duration variantTimeout;
        private int timeoutThreads;
        private boolean signatureCheck = true;
        private Duration retiredGrace = DEFAULT_RETIRED_GRACE;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("endpoint name must not be blank but was '" + name + "'");
            }
            this.name = name;
        }

        /**
         * @param value the initial strategy
         * @return this builder
         */
        public Builder<I, O> strategy(DeploymentStrategy<I, O> value) {
            this.strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /**
         * Serves the version a registry URI points to, and lets {@link ModelEndpoint#reload()}
         * follow it when the alias moves.
         *
         * @param registry the registry
         * @param uri for example {@code models:/fraud@champion}
         * @param loader reads the verified artifact, for example {@code TribuoModels.loader(Label.class)}
         * @param toPredictor wraps the loaded model, for example {@code TribuoPredictor::of}
         * @param <M> the model type
         * @return this builder
         */
        public <M> Builder<I, O> fromRegistry(ModelRegistry registry, String uri, ModelLoader<M> loader,
                                              Function<? super M, ? extends Predictor<I, O>> toPredictor) {
            Objects.requireNonNull(loader, "loader");
            Objects.requireNonNull(toPredictor, "toPredictor");
            return fromRegistry(registry, uri, (reg, version) -> toPredictor.apply(reg.load(version, loader)));
        }

        /**
         * Serves the version a registry URI points to, loaded by a function that sees the version
         * (its signature, for a format whose reading depends on it), and lets
         * {@link ModelEndpoint#reload()} follow the URI when the alias moves.
         *
         * @param registry the registry
         * @param uri for example {@code models:/fraud@champion}
         * @param loader loads a version through the registry, so its checksum is verified
         * @return this builder
         */
        public Builder<I, O> fromRegistry(ModelRegistry registry, String uri, VersionLoader<I, O> loader) {
            this.binding = new RegistryBinding<>(registry, uri, loader);
            return this;
        }

        /**
         * @param value the clock of timestamps and latencies
         * @return this builder
         */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value reads the model's confidence in [0, 1] from an answer, NaN when it has none
         * @return this builder
         */
        public Builder<I, O> confidence(ToDoubleFunction<? super O> value) {
            this.confidence = Objects.requireNonNull(value, "confidence");
            return this;
        }

        /**
         * Reads each answer's confidence through an output reader (for example
         * {@code TribuoOutputs.classifier()}); the same as {@code confidence(reader::confidence)}.
         *
         * @param value the reader
         * @return this builder
         */
        public Builder<I, O> outputs(OutputReader<? super O> value) {
            Objects.requireNonNull(value, "outputs");
            return confidence(value::confidence);
        }

        /**
         * @param value how many answered predictions the feedback join remembers, and whether it
         *     keeps their inputs; {@link FeedbackConfig#ofDefaults()} by default
         * @return this builder
         */
        public Builder<I, O> feedback(FeedbackConfig value) {
            this.feedbackConfig = Objects.requireNonNull(value, "feedback");
            return this;
        }

        /**
         * @param value a prediction listener; when it is also a {@link FeedbackListener} it receives
         *     the joined feedback too
         * @return this builder
         */
        public Builder<I, O> listener(PredictionListener<? super I, ? super O> value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * @param value told of every strategy change: each {@link ModelEndpoint#deploy} and each
         *        routing change the deployed strategy announces (a blue-green switch or rollback)
         * @return this builder
         */
        public Builder<I, O> deploymentListener(Consumer<? super DeploymentChange> value) {
            deploymentListeners.add(Objects.requireNonNull(value, "deploymentListener"));
            return this;
        }

        /**
         * How long after a {@link ModelEndpoint#deploy} the endpoint waits before closing the
         * {@link AutoCloseable} predictors (ONNX sessions, for example) that the new strategy no
         * longer serves, so calls routed to them just before the switch finish; default 30 seconds.
         * Zero closes them at once. {@link ModelEndpoint#close()} closes what it serves at once.
         *
         * @param value the grace period, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder<I, O> retiredPredictorGrace(Duration value) {
            Objects.requireNonNull(value, "retiredPredictorGrace");
            if (value.isNegative()) {
                throw new IllegalArgumentException("retiredPredictorGrace must not be negative but was " + value);
            }
            this.retiredGrace = value;
            return this;
        }

        /**
         * Turns the signature check of {@link ModelEndpoint#deploy} on (the default) or off. Turn it
         * off only when the callers change their inputs together with the model.
         *
         * @param value whether a new variant's signature must be compatible with the served ones'
         * @return this builder
         */
        public Builder<I, O> signatureCheck(boolean value) {
            this.signatureCheck = value;
            return this;
        }

        /**
         * Limits how long a variant may take, with the default number of timeout threads per
         * variant: {@code max(4, 2 * Runtime.availableProcessors())}. A call holds its thread while
         * the model runs, so twice the processors lets CPU-bound models use every core while calls
         * overlap brief waits; the floor of 4 keeps a one- or two-CPU container from refusing calls
         * under modest concurrency. Where one variant serves more concurrent requests than that, use
         * {@link #variantTimeout(Duration, int)}.
         *
         * @param value how long a variant may take before the fallback answers
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder<I, O> variantTimeout(Duration value) {
            return variantTimeout(value, TimeoutPool.defaultThreadsPerVariant());
        }

        /**
         * Limits how long a variant may take, running each call on one of at most
         * {@code threadsPerVariant} daemon threads of that variant (named
         * {@code mlops-endpoint-<endpoint>-<variant>-<n>}) so the caller can stop waiting. A call
         * that finds all of its variant's threads busy does not wait: it fails at once with a
         * {@link VariantBusyException}, counted in {@link EndpointStats#rejected()}, and the
         * fallback answers it. Variants have separate threads, so a model that hangs and ignores
         * interrupts pins at most {@code threadsPerVariant} threads and never starves the
         * fallback's. Size it to the peak number of concurrent requests one variant serves.
         *
         * @param limit how long a variant may take before the fallback answers
         * @param threadsPerVariant the most threads, and calls in flight, of one variant
         * @return this builder
         * @throws IllegalArgumentException if the limit is not positive or threadsPerVariant is below 1
         */
        public Builder<I, O> variantTimeout(Duration limit, int threadsPerVariant) {
            Objects.requireNonNull(limit, "variantTimeout");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("variantTimeout must be positive but was " + limit);
            }
            if (threadsPerVariant < 1) {
                throw new IllegalArgumentException("threadsPerVariant must be at least 1 but was " + threadsPerVariant);
            }
            this.variantTimeout = limit;
            this.timeoutThreads = threadsPerVariant;
            return this;
        }

        /**
         * Builds the endpoint.
         *
         * @return the endpoint
         * @throws IllegalStateException if neither a strategy nor a registry URI was given, or both were
         */
        public ModelEndpoint<I, O> build() {
            if ((strategy == null) == (binding == null)) {
                throw new IllegalStateException("endpoint '" + name
                        + "' needs exactly one of strategy(...) and fromRegistry(...)");
            }
            DeploymentStrategy<I, O> initial = strategy != null ? strategy : initialFromRegistry(binding);
            ModelEndpoint<I, O> endpoint = new ModelEndpoint<>(this, initial);
            initial.attach(endpoint.sinkFor(initial));
            return endpoint;
        }

        private static <I, O> DeploymentStrategy<I, O> initialFromRegistry(RegistryBinding<I, O> b) {
            return DeploymentStrategy.single(b.load(b.resolve()));
        }
    }
}

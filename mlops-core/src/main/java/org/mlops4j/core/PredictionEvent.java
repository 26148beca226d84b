package org.mlops4j.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mlops4j.core.registry.ModelRef;

/**
 * What happened in one prediction: its id, the caller's request id and routing key when given,
 * when, at which endpoint, which variant and model version answered, the input, the output or the
 * error, the model's confidence if it gives one, the latency, and whether the variant answered as
 * the fallback of another one that failed.
 *
 * <p>Serving emits one event per variant attempt: a call answered by its routed variant emits one,
 * a call whose routed variant failed emits the failure and then the fallback's attempt
 * ({@link #fallback()} true), both under the call's one prediction id. Monitoring, prediction logs
 * and the feedback join consume events; feedback that arrives later joins the answered event by
 * {@link #predictionId()} or {@link #requestId()} ({@link org.mlops4j.core.feedback.FeedbackJoin}).
 * Immutable and thread-safe.
 *
 * <p>This is a final class rather than a record because it sits on the prediction hot path: the
 * output, error and confidence are stored unboxed and plain, and wrapped in {@code Optional} only
 * when a consumer asks; an endpoint's events keep their id and timestamp as numbers, formatted into
 * a {@code String} and an {@code Instant} only when read ({@link #attempt}).
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class PredictionEvent<I, O> {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * The id as given whole (final, so an event handed to another thread without a fence keeps it);
     * null when the event was built from the id's parts.
     */
    private final String givenId;
    /**
     * The id formatted from its parts on first read (a racy single check, as {@code String.hashCode}
     * caches its hash: a {@code String} is immutable, so a thread that reads the field sees either
     * null or a complete string, and two threads that both format it get equal strings; the parts
     * themselves are final).
     */
    private String formattedId;
    /** The id's parts, {@code idPrefix + idThread + "." + idSequence}; null when the id was given whole. */
    private final String idPrefix;
    private final long idThread;
    private final long idSequence;
    private final String requestId;
    private final String routingKey;
    /** The timestamp as given (final, as {@link #givenId}); null when given as epoch nanoseconds. */
    private final Instant givenTimestamp;
    /** The timestamp created on first read from {@link #epochNanos} (a racy single check, as {@link #formattedId}). */
    private Instant createdTimestamp;
    /** When the prediction was served, in nanoseconds since the epoch; used only when no timestamp was given. */
    private final long epochNanos;
    private final String endpoint;
    private final String variant;
    private final ModelRef model;
    private final I input;
    private final O output;
    private final double confidence;
    private final long latencyNanos;
    private final Throwable error;
    private final boolean fallback;

    private PredictionEvent(String predictionId, String requestId, String routingKey, Instant timestamp,
                            String endpoint, String variant, ModelRef model, I input, O output, double confidence,
                            long latencyNanos, Throwable error, boolean fallback) {
        this(Objects.requireNonNull(predictionId, "predictionId"), null, 0L, 0L, requestId, routingKey,
                Objects.requireNonNull(timestamp, "timestamp"), 0L, endpoint, variant, model, input, output,
                confidence, latencyNanos, error, fallback);
    }

    /** Takes the id whole or as its parts (prefix non-null), the timestamp as an instant or as epoch nanoseconds. */
    private PredictionEvent(String predictionId, String idPrefix, long idThread, long idSequence, String requestId,
                            String routingKey, Instant timestamp, long epochNanos, String endpoint, String variant,
                            ModelRef model, I input, O output, double confidence, long latencyNanos, Throwable error,
                            boolean fallback) {
        this.givenId = predictionId;
        this.idPrefix = idPrefix;
        this.idThread = idThread;
        this.idSequence = idSequence;
        this.requestId = requestId;
        this.routingKey = routingKey;
        this.fallback = fallback;
        this.givenTimestamp = timestamp;
        this.epochNanos = epochNanos;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.variant = Objects.requireNonNull(variant, "variant");
        this.model = Objects.requireNonNull(model, "model");
        this.input = input;
        this.output = output;
        if (!Double.isNaN(confidence) && (confidence < 0.0 || confidence > 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1] or NaN for none but was " + confidence);
        }
        this.confidence = confidence;
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latencyNanos must not be negative but was " + latencyNanos);
        }
        this.latencyNanos = latencyNanos;
        this.error = error;
    }

    /**
     * Creates the event of a prediction that returned an output.
     *
     * @param predictionId a unique id, used later to join feedback
     * @param timestamp when the prediction was served
     * @param endpoint the endpoint's name
     * @param variant the name of the variant that answered
     * @param model the model version that answered
     * @param input the input as given
     * @param output the output; may be null only where the model's output type allows it
     * @param confidence the model's confidence in [0, 1], or {@code Double.NaN} when it gives none
     * @param latencyNanos how long the model took, in nanoseconds
     * @param <I> the input type
     * @param <O> the output type
     * @return the event
     * @throws NullPointerException if an id, the timestamp, endpoint, variant or model is null
     * @throws IllegalArgumentException if the confidence is outside [0, 1] or the latency is negative
     */
    public static <I, O> PredictionEvent<I, O> success(String predictionId, Instant timestamp, String endpoint,
                                                       String variant, ModelRef model, I input, O output,
                                                       double confidence, long latencyNanos) {
        return new PredictionEvent<>(predictionId, null, null, timestamp, endpoint, variant, model, input, output,
                confidence, latencyNanos, null, false);
    }

    /**
     * Creates the event of a variant attempt that returned an output, with the caller's identity.
     *
     * @param predictionId a unique id of the call, used later to join feedback
     * @param requestId the caller's own id of the request (a transaction or HTTP request id), or null
     * @param routingKey the sticky routing key the call was routed by (a user or account id), or null
     * @param timestamp when the prediction was served
     * @param endpoint the endpoint's name
     * @param variant the name of the variant that answered
     * @param model the model version that answered
     * @param input the input as given
     * @param output the output; may be null only where the model's output type allows it
     * @param confidence the model's confidence in [0, 1], or {@code Double.NaN} when it gives none
     * @param latencyNanos how long the model took, in nanoseconds
     * @param fallback true when this variant answered because the routed one failed
     * @param <I> the input type
     * @param <O> the output type
     * @return the event
     * @throws NullPointerException if the prediction id, timestamp, endpoint, variant or model is null
     * @throws IllegalArgumentException if the confidence is outside [0, 1] or the latency is negative
     */
    public static <I, O> PredictionEvent<I, O> success(String predictionId, String requestId, String routingKey,
                                                       Instant timestamp, String endpoint, String variant,
                                                       ModelRef model, I input, O output, double confidence,
                                                       long latencyNanos, boolean fallback) {
        return new PredictionEvent<>(predictionId, requestId, routingKey, timestamp, endpoint, variant, model, input,
                output, confidence, latencyNanos, null, fallback);
    }

    /**
     * Creates the event of a prediction that failed.
     *
     * @param predictionId a unique id
     * @param timestamp when the prediction was attempted
     * @param endpoint the endpoint's name
     * @param variant the name of the variant that failed
     * @param model the model version that failed
     * @param input the input as given
     * @param latencyNanos how long the attempt took, in nanoseconds
     * @param error what the model threw
     * @param <I> the input type
     * @param <O> the output type
     * @return the event
     * @throws NullPointerException if an id, the timestamp, endpoint, variant, model or error is null
     * @throws IllegalArgumentException if the latency is negative
     */
    public static <I, O> PredictionEvent<I, O> failure(String predictionId, Instant timestamp, String endpoint,
                                                       String variant, ModelRef model, I input, long latencyNanos,
                                                       Throwable error) {
        return new PredictionEvent<>(predictionId, null, null, timestamp, endpoint, variant, model, input, null,
                Double.NaN, latencyNanos, Objects.requireNonNull(error, "error"), false);
    }

    /**
     * Creates the event of a variant attempt that failed, with the caller's identity.
     *
     * @param predictionId a unique id of the call
     * @param requestId the caller's own id of the request, or null
     * @param routingKey the sticky routing key the call was routed by, or null
     * @param timestamp when the prediction was attempted
     * @param endpoint the endpoint's name
     * @param variant the name of the variant that failed
     * @param model the model version that failed
     * @param input the input as given
     * @param latencyNanos how long the attempt took, in nanoseconds
     * @param error what the model threw
     * @param fallback true when this variant was tried because the routed one failed
     * @param <I> the input type
     * @param <O> the output type
     * @return the event
     * @throws NullPointerException if the prediction id, timestamp, endpoint, variant, model or error is null
     * @throws IllegalArgumentException if the latency is negative
     */
    public static <I, O> PredictionEvent<I, O> failure(String predictionId, String requestId, String routingKey,
                                                       Instant timestamp, String endpoint, String variant,
                                                       ModelRef model, I input, long latencyNanos, Throwable error,
                                                       boolean fallback) {
        return new PredictionEvent<>(predictionId, requestId, routingKey, timestamp, endpoint, variant, model, input,
                null, Double.NaN, latencyNanos, Objects.requireNonNull(error, "error"), fallback);
    }

    /**
     * Creates the event of a variant attempt whose id and timestamp are kept as numbers and turned
     * into a {@code String} and an {@code Instant} only when {@link #predictionId()} and
     * {@link #timestamp()} are first called: what an endpoint builds on its hot path for every
     * observed call, where most listeners never read either (a no-op listener, a sampled log, a
     * counter). The values read are the same as if they had been given whole.
     *
     * @param idPrefix the id's prefix; the id is {@code idPrefix + idThread + "." + idSequence} (the
     *     caller keeps the pair unique, as an endpoint does with the serving thread's id and that
     *     thread's own counter)
     * @param idThread the id's first number
     * @param idSequence the id's second number
     * @param requestId the caller's own id of the request, or null
     * @param routingKey the sticky routing key the call was routed by, or null
     * @param timestamp when the prediction was served, or null to take it from {@code epochNanos}
     * @param epochNanos when the prediction was served, in nanoseconds since 1970-01-01T00:00:00Z;
     *     read only when {@code timestamp} is null
     * @param endpoint the endpoint's name
     * @param variant the name of the variant that answered or failed
     * @param model the model version that answered or failed
     * @param input the input as given
     * @param output the output when the attempt answered; must be null when {@code error} is not
     * @param confidence the model's confidence in [0, 1], or {@code Double.NaN} when it gives none
     *     (must be NaN when {@code error} is not null)
     * @param latencyNanos how long the attempt took, in nanoseconds
     * @param error what the model threw, or null when it answered
     * @param fallback true when this variant was tried because the routed one failed
     * @param <I> the input type
     * @param <O> the output type
     * @return the event
     * @throws NullPointerException if the id prefix, endpoint, variant or model is null
     * @throws IllegalArgumentException if the confidence is outside [0, 1], the latency is negative,
     *     or a failed attempt carries an output or a confidence
     */
    public static <I, O> PredictionEvent<I, O> attempt(String idPrefix, long idThread, long idSequence,
                                                       String requestId, String routingKey, Instant timestamp,
                                                       long epochNanos, String endpoint, String variant,
                                                       ModelRef model, I input, O output, double confidence,
                                                       long latencyNanos, Throwable error, boolean fallback) {
        Objects.requireNonNull(idPrefix, "idPrefix");
        if (error != null && (output != null || !Double.isNaN(confidence))) {
            throw new IllegalArgumentException("a failed attempt has no output and no confidence but was given output="
                    + output + ", confidence=" + confidence);
        }
        return new PredictionEvent<>(null, idPrefix, idThread, idSequence, requestId, routingKey, timestamp,
                epochNanos, endpoint, variant, model, input, output, confidence, latencyNanos, error, fallback);
    }

    /**
     * Returns this event without its input: what a bounded store of past predictions keeps when it
     * must not hold every caller's input alive.
     *
     * @return a copy whose {@link #input()} is null, or this event when it has no input
     */
    public PredictionEvent<I, O> withoutInput() {
        return input == null ? this : new PredictionEvent<>(givenId, idPrefix, idThread, idSequence, requestId,
                routingKey, givenTimestamp, epochNanos, endpoint, variant, model, null, output, confidence,
                latencyNanos, error, fallback);
    }

    /**
     * Returns the prediction's id; an event built from the id's parts formats it on the first call.
     * Safe to call from any thread: threads that race on the first call get equal strings.
     *
     * @return the unique id of this prediction
     */
    public String predictionId() {
        String id = givenId;
        if (id != null) {
            return id;
        }
        id = formattedId;
        if (id == null) {
            id = idPrefix + idThread + "." + idSequence;
            formattedId = id;
        }
        return id;
    }

    /** @return the caller's own id of the request (a transaction or HTTP request id), empty when not given */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** @return the sticky routing key the call was routed by (a user or account id), empty when not given */
    public Optional<String> routingKey() {
        return Optional.ofNullable(routingKey);
    }

    /**
     * Tells whether this variant was tried because the variant the call was routed to failed. A
     * rollout's traffic split counts routed attempts only: a fallback answer is the champion
     * covering for a failed candidate, not a request routed to the champion.
     *
     * @return true for a fallback attempt
     */
    public boolean fallback() {
        return fallback;
    }

    /**
     * Returns when the prediction was served; an event built from epoch nanoseconds creates the
     * {@code Instant} on the first call. Safe to call from any thread: threads that race on the
     * first call get equal instants.
     *
     * @return when the prediction was served
     */
    public Instant timestamp() {
        Instant t = givenTimestamp;
        if (t != null) {
            return t;
        }
        t = createdTimestamp;
        if (t == null) {
            t = Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                    Math.floorMod(epochNanos, NANOS_PER_SECOND));
            createdTimestamp = t;
        }
        return t;
    }

    /** @return the endpoint's name */
    public String endpoint() {
        return endpoint;
    }

    /** @return the name of the variant that answered (for example {@code champion} or {@code canary}) */
    public String variant() {
        return variant;
    }

    /** @return the model version that answered */
    public ModelRef model() {
        return model;
    }

    /** @return the input as given; null when the event was stored without it ({@link #withoutInput()}) */
    public I input() {
        return input;
    }

    /** @return the output, or empty when the prediction failed or the model answered null */
    public Optional<O> output() {
        return Optional.ofNullable(output);
    }

    /** @return the model's confidence in [0, 1], or empty when it gives none or the prediction failed */
    public OptionalDouble confidence() {
        return Double.isNaN(confidence) ? OptionalDouble.empty() : OptionalDouble.of(confidence);
    }

    /** @return how long the model took, in nanoseconds */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** @return what the model threw, or empty when it answered */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    /** @return true when the model answered without throwing */
    public boolean succeeded() {
        return error == null;
    }

    @Override
    public String toString() {
        return "PredictionEvent[id=" + predictionId() + (requestId == null ? "" : ", requestId=" + requestId)
                + ", at=" + timestamp() + ", endpoint=" + endpoint + ", variant=" + variant
                + (fallback ? " (fallback)" : "") + ", model=" + model + ", latencyNanos=" + latencyNanos
                + (error == null ? ", output=" + output : ", error=" + error) + "]";
    }
}

package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.Admission;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewLimits;
import org.mlops4j.core.review.ReviewRecord;
import org.mlops4j.core.review.ReviewStore;

/**
 * The items of a durable {@link ReviewQueue} in a {@link ReviewStore}: typed values as text through
 * the queue's codecs, the model as {@code name/version}, the deadline {@code maxWait} after the
 * prediction. A store keeps text, not null: a missing input or model answer (none at
 * {@link AutomationLevel#HUMAN_ONLY}) is kept as empty text, so an input or model answer whose text is
 * empty reads back as none.
 */
final class StoredReviewItems<I, O> {

    final ReviewStore store;
    final String queue;
    final int capacity;
    final Duration maxWait;
    final TextCodec<I> inputs;
    final TextCodec<O> answers;
    private final ToIntFunction<? super ReviewItem<I, O>> priority;

    StoredReviewItems(ReviewStore store, String queue, int capacity, Duration maxWait, TextCodec<I> inputs,
                      TextCodec<O> answers, ToIntFunction<? super ReviewItem<I, O>> priority) {
        this.store = Objects.requireNonNull(store, "store");
        ReviewLimits.checkName("name", queue);
        // The capacity is checked by the queue.
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive but was " + maxWait);
        }
        this.queue = queue;
        this.capacity = capacity;
        this.maxWait = maxWait;
        this.inputs = inputs;
        this.answers = answers;
        this.priority = priority;
    }

    /** @return true when added, or when the prediction was in the queue already; false when full */
    boolean offer(ReviewItem<I, O> item) {
        NewReview review = new NewReview(item.predictionId(), encode(inputs, item.input()),
                encode(answers, item.modelAnswer()), item.confidence(),
                item.model().toString(), item.enqueuedAt(), priority.applyAsInt(item),
                item.enqueuedAt().plus(maxWait));
        return store.add(queue, review, capacity) != Admission.FULL;
    }

    int size() {
        return store.figures(queue).pending();
    }

    /** @return the stored item as a typed review item */
    ReviewItem<I, O> item(ReviewRecord r) {
        NewReview n = r.item();
        try {
            return new ReviewItem<>(n.predictionId(), decode(inputs, n.inputText()), modelAnswer(n.modelAnswerText()),
                    n.confidence(), model(n.model()), n.enqueuedAt());
        } catch (RuntimeException e) {
            throw new StoreException("review item '" + n.predictionId() + "' of queue " + queue + " in " + store
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** @return the model's answer stored as text, null when there is none (empty text) */
    O modelAnswer(String text) {
        return decode(answers, text);
    }

    /** @return a reviewer's decision stored as text (never empty-means-none: a decision is always there) */
    O decision(String text) {
        return answers.decode(text);
    }

    static ModelRef model(String text) {
        int slash = text.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("model must be 'name/version' but was '" + text + "'");
        }
        return new ModelRef(text.substring(0, slash), Integer.parseInt(text.substring(slash + 1)));
    }

    /** A store keeps text, never null: no value is kept as empty text. */
    private static <T> String encode(TextCodec<T> codec, T value) {
        return value == null ? "" : codec.encode(value);
    }

    private static <T> T decode(TextCodec<T> codec, String text) {
        return text.isEmpty() ? null : codec.decode(text);
    }

    @Override
    public String toString() {
        return queue + " in " + store;
    }
}

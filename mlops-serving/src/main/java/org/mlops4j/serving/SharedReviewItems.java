package org.mlops4j.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.registry.ModelRef;

/**
 * The items of a shared {@link ReviewQueue} in a {@link FleetState} queue: each item is one row keyed
 * by its prediction id, its fields written as {@code length:text} one after another (length -1 for
 * null) so that any text, separators included, round-trips. A poll takes from the store and, while it
 * is empty, looks again every {@link #POLL_INTERVAL} until the timeout.
 */
final class SharedReviewItems<I, O> {

    /** How often a waiting poll looks at the store again. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final FleetState state;
    private final String queue;
    private final int capacity;
    private final TextCodec<I> inputs;
    private final TextCodec<O> answers;

    SharedReviewItems(FleetState state, String queue, int capacity, TextCodec<I> inputs, TextCodec<O> answers) {
        this.state = state;
        this.queue = queue;
        this.capacity = capacity;
        this.inputs = inputs;
        this.answers = answers;
    }

    boolean offer(ReviewItem<I, O> item) {
        return state.offer(queue, item.predictionId(), encode(item), capacity);
    }

    Optional<ReviewItem<I, O>> poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<FleetState.QueuedItem> taken = state.take(queue);
            if (taken.isPresent()) {
                return Optional.of(decode(taken.get()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Math.max(1, Math.min(POLL_INTERVAL.toMillis(), left / 1_000_000)));
        }
    }

    int size() {
        return state.size(queue);
    }

    String encode(ReviewItem<I, O> item) {
        StringBuilder out = new StringBuilder();
        for (String field : List.of(item.predictionId(), Double.toString(item.confidence()), item.model().name(),
                Integer.toString(item.model().version()), item.enqueuedAt().toString())) {
            field(out, field);
        }
        field(out, item.input() == null ? null : inputs.encode(item.input()));
        field(out, item.modelAnswer() == null ? null : answers.encode(item.modelAnswer()));
        return out.toString();
    }

    private static void field(StringBuilder out, String text) {
        if (text == null) {
            out.append("-1:");
        } else {
            out.append(text.length()).append(':').append(text);
        }
    }

    ReviewItem<I, O> decode(FleetState.QueuedItem row) {
        String p = row.payload();
        List<String> fields = new ArrayList<>(7);
        int at = 0;
        try {
            while (at < p.length()) {
                int colon = p.indexOf(':', at);
                int length = Integer.parseInt(p.substring(at, colon));
                if (length < 0) {
                    fields.add(null);
                    at = colon + 1;
                } else {
                    fields.add(p.substring(colon + 1, colon + 1 + length));
                    at = colon + 1 + length;
                }
            }
            if (fields.size() != 7) {
                throw new IllegalArgumentException("7 fields expected but found " + fields.size());
            }
            return new ReviewItem<>(fields.get(0), decode(inputs, fields.get(5)), decode(answers, fields.get(6)),
                    Double.parseDouble(fields.get(1)), new ModelRef(fields.get(2), Integer.parseInt(fields.get(3))),
                    Instant.parse(fields.get(4)));
        } catch (RuntimeException e) {
            throw new StoreException("review item '" + row.key() + "' of queue " + queue + " in " + state
                    + " is malformed: " + e.getMessage(), e);
        }
    }

    private static <T> T decode(TextCodec<T> codec, String text) {
        return text == null ? null : codec.decode(text);
    }

    @Override
    public String toString() {
        return queue + " in " + state;
    }
}

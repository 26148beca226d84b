package org.mlops4j.tribuo.tracking;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Output;

/**
 * A named subset of an evaluation set, for error analysis: autologging evaluates the model on the
 * examples the predicate accepts and logs {@code slice.<name>.<metric>} and
 * {@code slice.<name>.count}, so a weak segment shows up next to the overall metrics.
 *
 * <pre>{@code
 * new Slice<Label>("large amounts", e -> e.lookup("amount") != null && e.lookup("amount").getValue() > 1000)
 * }</pre>
 *
 * <p>In metric keys the name is sanitized: characters a key may not hold (and {@code /}) become
 * {@code _}, and it is cut to 100 characters. The predicate must be side-effect free; it is called
 * once per evaluation example, before the run starts.
 *
 * @param name the slice's name, not blank
 * @param predicate which examples belong to it
 * @param <T> the output type
 */
public record Slice<T extends Output<T>>(String name, Predicate<? super Example<T>> predicate) implements Slices<T> {

    /**
     * Validates the slice.
     *
     * @param name the slice's name, not blank
     * @param predicate which examples belong to it
     * @throws NullPointerException if either component is null
     * @throws IllegalArgumentException if the name is blank
     */
    public Slice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
        if (name.isBlank()) {
            throw new IllegalArgumentException("slice name must not be blank but was '" + name + "'");
        }
    }

    /**
     * Tests an example.
     *
     * @param example an example
     * @return true when it belongs to the slice
     */
    public boolean contains(Example<T> example) {
        return predicate.test(example);
    }

    /**
     * A slice is its own one-slice {@link Slices}.
     *
     * @param evaluation the evaluation set (unused)
     * @return this slice
     */
    @Override
    public List<Slice<T>> slices(Dataset<T> evaluation) {
        return List.of(this);
    }
}

package org.mlops4j.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.mlops4j.core.schema.Violation;

/**
 * Thrown when an input cannot be scored: it breaks its {@link org.mlops4j.core.schema.Schema}, or
 * it holds features the model has never seen. It carries every violation found, not only the
 * first, so a caller can report them all at once.
 */
public class InvalidInputException extends MlopsException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * Creates the exception from the violations found; the message lists each of them.
     *
     * @param violations what is wrong with the input; must not be empty
     * @throws IllegalArgumentException if {@code violations} is empty
     */
    public InvalidInputException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * Creates the exception for a problem that is not tied to one field.
     *
     * @param message what is wrong with the input
     */
    public InvalidInputException(String message) {
        super(message);
        this.violations = List.of();
    }

    /**
     * Returns every violation found, in field order.
     *
     * @return an immutable list; empty when the problem is not tied to a field
     */
    public List<Violation> violations() {
        return violations == null ? List.of() : violations;
    }

    private static String describe(List<Violation> violations) {
        Objects.requireNonNull(violations, "violations");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        return "invalid input, " + violations.size()
                + (violations.size() == 1 ? " violation: " : " violations: ")
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}

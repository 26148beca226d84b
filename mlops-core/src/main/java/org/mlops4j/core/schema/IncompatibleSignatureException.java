package org.mlops4j.core.schema;

import java.util.List;
import java.util.Objects;
import org.mlops4j.core.MlopsException;

/**
 * A model version was refused because its {@link ModelSignature} cannot take the traffic of the
 * version it would serve beside or replace; {@link #differences()} lists why, one sentence each
 * (see {@link ModelSignature#differencesFrom(ModelSignature)}).
 */
public class IncompatibleSignatureException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /** The differences, one sentence each. */
    private final List<String> differences;

    /**
     * Creates the exception.
     *
     * @param candidate the refused version (for example {@code models:/fraud/3})
     * @param served the version serving the traffic (for example {@code models:/fraud/2})
     * @param differences why, one sentence each; not empty
     * @throws IllegalArgumentException if {@code differences} is empty
     */
    public IncompatibleSignatureException(String candidate, String served, List<String> differences) {
        super(message(candidate, served, differences));
        this.differences = List.copyOf(differences);
    }

    private static String message(String candidate, String served, List<String> differences) {
        Objects.requireNonNull(differences, "differences");
        if (differences.isEmpty()) {
            throw new IllegalArgumentException("differences must not be empty");
        }
        return "the signature of " + candidate + " is incompatible with the signature of " + served + ": "
                + String.join("; ", differences);
    }

    /** @return why the candidate was refused, one sentence each */
    public List<String> differences() {
        return differences;
    }
}

package org.mlops4j.core.registry;

import java.util.Objects;
import org.mlops4j.core.SafeText;

/**
 * Who made a change and why: recorded with every alias move so that the audit history answers
 * "who promoted version 7 to champion, and on what grounds?".
 *
 * @param actor who made the change: a person, a CI job or a component such as {@code rollout:fraud};
 *     a name, so without the control and bidirectional formatting characters
 *     {@link SafeText#checkName} refuses
 * @param reason why, in words; may be empty but not null. Free text: it may span lines (tab, line
 *     breaks), but holds none of the other characters {@link SafeText#checkFreeText} refuses
 */
public record Attribution(String actor, String reason) {

    /**
     * Validates the attribution.
     *
     * @param actor who made the change: a person, a CI job or a component such as {@code rollout:fraud}
     * @param reason why, in words; may be empty but not null
     * @throws NullPointerException if either component is null
     * @throws IllegalArgumentException naming the field and the value (escaped and cut) if
     *     {@code actor} is blank, or either holds a character refused by {@link SafeText}
     */
    public Attribution {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank but was " + SafeText.quote(actor));
        }
        SafeText.checkName("actor", actor);
        SafeText.checkFreeText("reason", reason);
    }

    /**
     * Creates an attribution.
     *
     * @param actor who made the change
     * @param reason why
     * @return the attribution
     */
    public static Attribution by(String actor, String reason) {
        return new Attribution(actor, reason);
    }
}

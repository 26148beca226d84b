package org.mlops4j.core.registry;

import java.util.Objects;

/**
 * Who made a change and why: recorded with every alias move so that the audit history answers
 * "who promoted version 7 to champion, and on what grounds?".
 *
 * @param actor who made the change: a person, a CI job or a component such as {@code rollout:fraud}
 * @param reason why, in words; may be empty but not null
 */
public record Attribution(String actor, String reason) {

    /**
     * Validates the attribution.
     *
     * @param actor who made the change: a person, a CI job or a component such as {@code rollout:fraud}
     * @param reason why, in words; may be empty but not null
     * @throws NullPointerException if either component is null
     * @throws IllegalArgumentException if {@code actor} is blank
     */
    public Attribution {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank but was '" + actor + "'");
        }
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

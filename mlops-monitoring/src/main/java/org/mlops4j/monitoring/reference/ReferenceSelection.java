package org.mlops4j.monitoring.reference;

import java.util.Objects;
import java.util.Optional;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * The reference a window is compared with, as {@link ReferenceHistory#select} chose it.
 *
 * @param kind what the reference is: {@link ReferenceKind#NONE} when the window gets no drift verdict
 * @param slot the window's slot in its season for a seasonal policy (also while it warms up), -1 otherwise
 * @param merged how many profiles were merged: windows (rolling) or seasons (seasonal); 0 for a fixed
 *     reference or none
 * @param warmUp whether the policy's own reference was not ready yet, so the fixed one (or none) was used
 * @param profile the reference profile, empty for {@link ReferenceKind#NONE}
 */
public record ReferenceSelection(ReferenceKind kind, int slot, int merged, boolean warmUp,
                                 Optional<ReferenceProfile> profile) {

    /**
     * Validates the components.
     *
     * @param kind what the reference is
     * @param slot the window's slot, or -1
     * @param merged how many profiles were merged
     * @param warmUp whether the policy's own reference was not ready yet
     * @param profile the reference profile, empty exactly for {@link ReferenceKind#NONE}
     * @throws IllegalArgumentException if the profile is empty for a kind other than NONE or present for
     *     NONE, the slot is below -1 or {@code merged} is negative
     */
    public ReferenceSelection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(profile, "profile");
        if (profile.isPresent() == (kind == ReferenceKind.NONE)) {
            throw new IllegalArgumentException("profile must be " + (kind == ReferenceKind.NONE ? "empty" : "present")
                    + " for kind " + kind);
        }
        if (slot < -1) {
            throw new IllegalArgumentException("slot must be >= -1 but was " + slot);
        }
        if (merged < 0) {
            throw new IllegalArgumentException("merged must be >= 0 but was " + merged);
        }
    }

    /** @return the reference's rows, 0 without one */
    public long rows() {
        return profile.map(ReferenceProfile::rows).orElse(0L);
    }
}

package org.mlops4j.monitoring.profile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/**
 * The profiles a fleet's windows carry: what a replica's monitor attaches to each closed window's
 * {@link VariantAggregate} (the window's input profile, and its output profile as a one-feature
 * profile named {@value #PREDICTION}), and the fleet-wide profile folded out of a merged aggregate.
 *
 * <p>Core keeps the profiles as opaque text (this class's compact form of {@link ReferenceProfile}'s
 * JSON) so that its merge stays exact; {@link #inputs} and {@link #outputs} fold them with
 * {@link ReferenceProfile#merge} in the aggregate's (sorted) order. The folded profile has the exact
 * counts, category counts, min, max and mean (up to rounding) of all the windows' rows, and quantiles
 * within the KLL sketch's rank error ({@link ProfileConfig}: about 1.65% at k = 200 for a merged
 * sketch). A window's profile is bounded whatever its traffic: a few KB per numeric feature (the KLL
 * sketch, base64 in the JSON) and at most {@code maxCategories} counts per categorical one.
 *
 * <p>Stateless and thread-safe.
 */
public final class FleetProfiles {

    /** The name of the single feature of an output profile. */
    public static final String PREDICTION = "prediction";

    private static final Schema LABELS = Schema.of(List.of(Feature.anyCategory(PREDICTION)));
    private static final Schema VALUES = Schema.of(List.of(Feature.numeric(PREDICTION)));

    private FleetProfiles() {
    }

    /**
     * The compact serialized form of a profile that a window's aggregate carries.
     *
     * @param profile the profile
     * @return its JSON on one line ({@link ReferenceProfile#fromJson} reads it)
     */
    public static String encode(ReferenceProfile profile) {
        return new ProfileJson().write(Objects.requireNonNull(profile, "profile"), false);
    }

    /**
     * The fleet-wide input profile of a merged aggregate: the fold of its windows' input profiles.
     *
     * @param aggregate a window's or a merged aggregate
     * @return the profile of every window's inputs, empty when no window carried one (its monitor had
     *     no reference profile)
     * @throws IllegalArgumentException if a profile cannot be read, or two windows profiled different
     *     schemas (a monitor re-baselined with another schema within the range)
     */
    public static Optional<ReferenceProfile> inputs(VariantAggregate aggregate) {
        return fold(Objects.requireNonNull(aggregate, "aggregate").inputProfiles());
    }

    /**
     * The fleet-wide output profile of a merged aggregate: the fold of its windows' output profiles,
     * one feature named {@value #PREDICTION} (categorical for a classifier's labels, numeric for a
     * regression model's values).
     *
     * @param aggregate a window's or a merged aggregate
     * @return the profile of every window's answers, empty when no window carried one
     * @throws IllegalArgumentException if a profile cannot be read, or windows mix labels and values
     */
    public static Optional<ReferenceProfile> outputs(VariantAggregate aggregate) {
        return fold(Objects.requireNonNull(aggregate, "aggregate").outputProfiles());
    }

    /**
     * The aggregate with each list of profiles folded into one: the same fleet-wide profiles in the
     * space of one window's, for a compaction that stores many windows as one row.
     *
     * @param aggregate a merged aggregate
     * @return the aggregate with at most one input and one output profile
     * @throws IllegalArgumentException as {@link #inputs} and {@link #outputs}
     */
    public static VariantAggregate compact(VariantAggregate aggregate) {
        return aggregate.withProfiles(inputs(aggregate).map(FleetProfiles::encode).stream().toList(),
                outputs(aggregate).map(FleetProfiles::encode).stream().toList());
    }

    /**
     * The output profile of a classifier's window: its answers per predicted label.
     *
     * @param counts answers per label, each positive
     * @param config the sketch sizes (categories beyond {@code maxCategories} go to "other")
     * @return a one-feature profile of the labels
     */
    public static ReferenceProfile ofLabels(Map<String, Long> counts, ProfileConfig config) {
        long rows = 0;
        for (long c : counts.values()) {
            rows += c;
        }
        // The union of the counts fits or keeps the most frequent, as a merge of one profile per label would.
        CategoricalProfile labels = CategoricalProfile.restore(LABELS.features().get(0), Integer.MAX_VALUE, 0, 0, 0,
                counts);
        CategoricalProfile bounded = new CategoricalProfile(labels.feature(), config.maxCategories());
        bounded.merge(labels);
        return new ReferenceProfile(LABELS, config, List.of(bounded), rows);
    }

    /**
     * The output profile of a regression model's window: its predicted values.
     *
     * @param values the values
     * @param count how many of them to read, from the first
     * @param config the sketch sizes
     * @return a one-feature profile of the values
     */
    public static ReferenceProfile ofValues(double[] values, int count, ProfileConfig config) {
        FeatureProfile p = FeatureProfile.of(VALUES.features().get(0), config);
        for (int i = 0; i < count; i++) {
            p.update(values[i]);
        }
        return new ReferenceProfile(VALUES, config, List.of(p), count);
    }

    private static Optional<ReferenceProfile> fold(List<String> profiles) {
        ReferenceProfile sum = null;
        for (String json : profiles) {
            ReferenceProfile p = ReferenceProfile.fromJson(json);
            sum = sum == null ? p : sum.merge(p);
        }
        return Optional.ofNullable(sum);
    }
}

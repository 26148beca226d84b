package org.mlops4j.monitoring.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ReferenceProfile;

class ReferenceHistoryTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"));
    /** A Monday, 00:00 UTC: hour-of-week slot 96. */
    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    /** A profile of {@code rows} rows all equal to {@code value}: merged profiles show which ones they hold. */
    private static ReferenceProfile profile(double value, int rows) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(Map.of("x", value));
        }
        return ReferenceProfile.of(SCHEMA, data);
    }

    private static FeatureProfile x(ReferenceSelection s) {
        return s.profile().orElseThrow().feature("x").orElseThrow();
    }

    @Test
    void rollingMergesTheLastNWindowsExcludingTheCurrentOne() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.rolling(3));
        ReferenceProfile fixed = profile(-1, 50);
        for (int i = 0; i < 3; i++) {
            Instant start = MONDAY.plus(Duration.ofHours(i));
            ReferenceSelection warm = h.select(start, fixed);
            assertThat(warm.kind()).isEqualTo(ReferenceKind.FIXED);
            assertThat(warm.warmUp()).isTrue();
            assertThat(warm.profile()).containsSame(fixed);
            assertThat(warm.slot()).isEqualTo(-1);
            assertThat(h.select(start).kind()).isEqualTo(ReferenceKind.NONE);
            assertThat(h.select(start).warmUp()).isTrue();
            assertThat(h.select(start).rows()).isZero();
            assertThat(h.record(start, profile(i, i + 1))).isTrue();
        }
        // Windows 0, 1, 2 (1 + 2 + 3 rows).
        ReferenceSelection s = h.select(MONDAY.plus(Duration.ofHours(3)), fixed);
        assertThat(s.kind()).isEqualTo(ReferenceKind.ROLLING);
        assertThat(s.warmUp()).isFalse();
        assertThat(s.merged()).isEqualTo(3);
        assertThat(s.rows()).isEqualTo(6);
        assertThat(x(s).min()).isEqualTo(0);
        assertThat(x(s).max()).isEqualTo(2);
        h.record(MONDAY.plus(Duration.ofHours(3)), profile(3, 4));
        // Window 0 left the ring: 1, 2, 3 (2 + 3 + 4 rows); still three profiles held.
        ReferenceSelection next = h.select(MONDAY.plus(Duration.ofHours(4)));
        assertThat(next.rows()).isEqualTo(9);
        assertThat(x(next).min()).isEqualTo(1);
        assertThat(x(next).max()).isEqualTo(3);
        assertThat(h.profiles()).isEqualTo(3);
    }

    @Test
    void rollingWithAShorterWarmUp() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.rolling(5).withMinHistory(2));
        h.record(MONDAY, profile(1, 10));
        assertThat(h.select(MONDAY).kind()).isEqualTo(ReferenceKind.NONE);
        h.record(MONDAY, profile(2, 10));
        ReferenceSelection s = h.select(MONDAY);
        assertThat(s.kind()).isEqualTo(ReferenceKind.ROLLING);
        assertThat(s.merged()).isEqualTo(2);
        assertThat(s.rows()).isEqualTo(20);
    }

    @Test
    void seasonalMergesTheSameSlotOfTheLastNSeasonsOnly() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.hourOfWeek(2));
        ReferenceProfile fixed = profile(-1, 50);
        // Week 0: every hour of Monday morning, value = week * 100 + hour.
        for (int week = 0; week < 3; week++) {
            for (int hour = 0; hour < 3; hour++) {
                Instant start = MONDAY.plus(WEEK.multipliedBy(week)).plus(Duration.ofHours(hour));
                ReferenceSelection s = h.select(start, fixed);
                assertThat(s.slot()).isEqualTo(96 + hour);
                if (week < 2) {
                    assertThat(s.kind()).isEqualTo(ReferenceKind.FIXED);
                    assertThat(s.warmUp()).isTrue();
                } else {
                    // Weeks 0 and 1 of the same hour, nothing of the neighbouring hours.
                    assertThat(s.kind()).isEqualTo(ReferenceKind.SEASONAL);
                    assertThat(s.warmUp()).isFalse();
                    assertThat(s.merged()).isEqualTo(2);
                    assertThat(x(s).min()).isEqualTo(hour);
                    assertThat(x(s).max()).isEqualTo(100 + hour);
                    assertThat(s.rows()).isEqualTo(20);
                }
                h.record(start, profile(week * 100 + hour, 10));
            }
        }
        // Week 3: weeks 1 and 2 only; week 0 is more than two seasons back.
        ReferenceSelection s = h.select(MONDAY.plus(WEEK.multipliedBy(3)).plus(Duration.ofMinutes(30)));
        assertThat(x(s).min()).isEqualTo(100);
        assertThat(x(s).max()).isEqualTo(200);
        // A slot with no history at all warms up, with its slot named.
        ReferenceSelection quiet = h.select(MONDAY.plus(WEEK.multipliedBy(3)).plus(Duration.ofHours(5)));
        assertThat(quiet.kind()).isEqualTo(ReferenceKind.NONE);
        assertThat(quiet.slot()).isEqualTo(101);
        assertThat(quiet.warmUp()).isTrue();
    }

    @Test
    void seasonalWarmUpCountsSeasonsWithAProfileAmongTheLastN() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.hourOfWeek(4).withMinHistory(2));
        h.record(MONDAY, profile(1, 10));
        // A gap: nothing in week 1, then week 2.
        assertThat(h.select(MONDAY.plus(WEEK.multipliedBy(2))).kind()).isEqualTo(ReferenceKind.NONE);
        h.record(MONDAY.plus(WEEK.multipliedBy(2)), profile(2, 10));
        ReferenceSelection s = h.select(MONDAY.plus(WEEK.multipliedBy(3)));
        assertThat(s.kind()).isEqualTo(ReferenceKind.SEASONAL);
        assertThat(s.merged()).isEqualTo(2);
        // Week 5: the last 4 seasons are weeks 1-4, which hold week 2 only.
        assertThat(h.select(MONDAY.plus(WEEK.multipliedBy(5))).kind()).isEqualTo(ReferenceKind.NONE);
        assertThat(h.select(MONDAY.plus(WEEK.multipliedBy(4))).merged()).isEqualTo(2);
    }

    @Test
    void windowsOfOneSlotAndSeasonMergeIntoOneProfile() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.hourOfWeek(1));
        // Count windows: three start within Monday 00:00-01:00 of week 0.
        h.record(MONDAY.plus(Duration.ofMinutes(1)), profile(1, 10));
        h.record(MONDAY.plus(Duration.ofMinutes(20)), profile(2, 10));
        h.record(MONDAY.plus(Duration.ofMinutes(59)), profile(3, 10));
        assertThat(h.profiles()).isEqualTo(1);
        ReferenceSelection s = h.select(MONDAY.plus(WEEK).plus(Duration.ofMinutes(40)));
        assertThat(s.merged()).isEqualTo(1);
        assertThat(s.rows()).isEqualTo(30);
        assertThat(x(s).mean()).isEqualTo(2.0);
    }

    @Test
    void seasonalMemoryStaysWithinSlotsTimesSeasonsPlusOne() {
        ReferencePolicy policy = ReferencePolicy.hourOfWeek(4);
        ReferenceHistory h = ReferenceHistory.of(policy);
        ReferenceProfile p = profile(1, 1);
        int most = 0;
        // Six weeks of hourly windows, two windows an hour.
        for (int hour = 0; hour < 6 * 168; hour++) {
            for (int half = 0; half < 2; half++) {
                h.record(MONDAY.plus(Duration.ofMinutes(hour * 60L + half * 30L)), p);
                most = Math.max(most, h.profiles());
            }
        }
        assertThat(most).isEqualTo(673).isEqualTo((int) policy.maxProfiles());
        assertThat(h.profiles()).isEqualTo(673);
        // The oldest kept is the last slot's own position 4 weeks back: it still serves the next window of that hour.
        ReferenceSelection s = h.select(MONDAY.plus(Duration.ofMinutes((6 * 168 - 1) * 60L + 45)));
        assertThat(s.merged()).isEqualTo(4);
        assertThat(s.rows()).isEqualTo(8);
    }

    @Test
    void aWindowOlderThanTheHistoryIsNotRecorded() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.hourOfWeek(1));
        assertThat(h.record(MONDAY.plus(WEEK), profile(1, 1))).isTrue();
        // Exactly one season back is still kept (the next window of that hour would use it).
        assertThat(h.record(MONDAY, profile(2, 1))).isTrue();
        assertThat(h.record(MONDAY.minus(Duration.ofMillis(1)), profile(3, 1))).isFalse();
        assertThat(h.profiles()).isEqualTo(2);
        // A late window within range does not move the latest position back.
        assertThat(h.record(MONDAY.plus(Duration.ofHours(1)), profile(4, 1))).isTrue();
        assertThat(h.record(MONDAY.plus(WEEK).plus(Duration.ofHours(1)), profile(5, 1))).isTrue();
        assertThat(h.profiles()).isEqualTo(3);
    }

    @Test
    void fixedPolicyHoldsNothing() {
        ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.fixed());
        ReferenceProfile fixed = profile(1, 5);
        assertThat(h.record(MONDAY, profile(2, 5))).isFalse();
        assertThat(h.profiles()).isZero();
        ReferenceSelection s = h.select(MONDAY, fixed);
        assertThat(s.kind()).isEqualTo(ReferenceKind.FIXED);
        assertThat(s.warmUp()).isFalse();
        assertThat(s.profile()).containsSame(fixed);
        assertThat(h.select(MONDAY).kind()).isEqualTo(ReferenceKind.NONE);
        assertThat(h.select(MONDAY).warmUp()).isFalse();
        assertThat(h.policy()).isSameAs(ReferencePolicy.fixed());
        assertThat(h).hasToString("ReferenceHistory[fixed, 0 profiles]");
    }

    @Test
    void profilesOfAnotherSchemaAreRefused() {
        ReferenceProfile other = ReferenceProfile.of(Schema.of(Feature.numeric("y")), List.of(Map.of("y", 1.0)));
        ReferenceHistory rolling = ReferenceHistory.of(ReferencePolicy.rolling(2));
        rolling.record(MONDAY, profile(1, 1));
        assertThatThrownBy(() -> rolling.record(MONDAY, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("profile must have the history's schema");
        ReferenceHistory seasonal = ReferenceHistory.of(ReferencePolicy.hourOfWeek(2));
        seasonal.record(MONDAY, profile(1, 1));
        assertThatThrownBy(() -> seasonal.record(MONDAY.plus(WEEK), other))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(seasonal.profiles()).isEqualTo(1);
        assertThatThrownBy(() -> seasonal.select(MONDAY, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("fixed");
        assertThatThrownBy(() -> seasonal.select(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("start");
        assertThatThrownBy(() -> seasonal.record(MONDAY, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("profile");
    }

    @Test
    void selectionChecksItsComponents() {
        ReferenceProfile p = profile(1, 3);
        assertThatThrownBy(() -> new ReferenceSelection(ReferenceKind.NONE, -1, 0, true, java.util.Optional.of(p)))
                .hasMessage("profile must be empty for kind NONE");
        assertThatThrownBy(() -> new ReferenceSelection(ReferenceKind.FIXED, -1, 0, false, java.util.Optional.empty()))
                .hasMessage("profile must be present for kind FIXED");
        assertThatThrownBy(() -> new ReferenceSelection(ReferenceKind.SEASONAL, -2, 1, false, java.util.Optional.of(p)))
                .hasMessage("slot must be >= -1 but was -2");
        assertThatThrownBy(() -> new ReferenceSelection(ReferenceKind.ROLLING, -1, -1, false, java.util.Optional.of(p)))
                .hasMessage("merged must be >= 0 but was -1");
        assertThat(new ReferenceSelection(ReferenceKind.ROLLING, -1, 0, false, java.util.Optional.of(p)).rows())
                .isEqualTo(3);
    }
}

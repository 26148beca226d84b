package org.mlops4j.monitoring.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReferencePolicyTest {

    @Test
    void hourOfWeekSlotsCountFromThursdayMidnightUtc() {
        ReferencePolicy p = ReferencePolicy.hourOfWeek(4);
        assertThat(p.slotsPerSeason()).isEqualTo(168);
        // 1970-01-01 was a Thursday: slot 0 is Thursday 00:00-01:00 UTC.
        assertThat(p.slotOf(Instant.EPOCH)).isZero();
        assertThat(p.slotOf(Instant.parse("1970-01-01T00:59:59.999Z"))).isZero();
        assertThat(p.slotOf(Instant.parse("1970-01-01T01:00:00Z"))).isEqualTo(1);
        // Monday 2026-01-05 00:00 UTC: 4 days after Thursday = 96 hours.
        assertThat(p.slotOf(Instant.parse("2026-01-05T00:00:00Z"))).isEqualTo(96);
        assertThat(p.slotOf(Instant.parse("2026-01-05T13:30:00Z"))).isEqualTo(109);
        // Wednesday 23:00 is the last slot, and the next hour wraps to 0.
        assertThat(p.slotOf(Instant.parse("2026-01-07T23:00:00Z"))).isEqualTo(167);
        assertThat(p.slotOf(Instant.parse("2026-01-08T00:00:00Z"))).isZero();
        // Before the epoch floorMod keeps the slot in range: Wednesday 1969-12-31 23:00 is 167.
        assertThat(p.slotOf(Instant.parse("1969-12-31T23:00:00Z"))).isEqualTo(167);
        assertThat(p.slotOf(Instant.parse("1969-12-31T22:59:59Z"))).isEqualTo(166);
        assertThat(p.position(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo(-1);
        assertThat(p.position(Instant.parse("2026-01-05T00:00:00Z"))
                - p.position(Instant.parse("2025-12-29T00:00:00Z"))).isEqualTo(168);
    }

    @Test
    void dstDoesNotMoveUtcSlots() {
        ReferencePolicy p = ReferencePolicy.hourOfWeek(1);
        // Europe switched to summer time on 2026-03-29 at 01:00 UTC; the UTC hour of the week does not move.
        Instant before = Instant.parse("2026-03-22T12:00:00Z");
        assertThat(p.slotOf(before.plus(Duration.ofDays(7)))).isEqualTo(p.slotOf(before));
    }

    @Test
    void otherSeasonsAndSlots() {
        ReferencePolicy day = ReferencePolicy.seasonal(Duration.ofDays(1), Duration.ofMinutes(15), 7);
        assertThat(day.slotsPerSeason()).isEqualTo(96);
        assertThat(day.slotOf(Instant.parse("2026-01-05T00:14:59Z"))).isZero();
        assertThat(day.slotOf(Instant.parse("2026-01-05T00:15:00Z"))).isEqualTo(1);
        assertThat(day.slotOf(Instant.parse("2026-01-05T23:45:00Z"))).isEqualTo(95);
        assertThat(day.maxProfiles()).isEqualTo(96 * 7 + 1);
        ReferencePolicy whole = ReferencePolicy.seasonal(Duration.ofHours(1), Duration.ofHours(1), 3);
        assertThat(whole.slotsPerSeason()).isEqualTo(1);
        assertThat(whole.slotOf(Instant.parse("2026-01-05T07:20:00Z"))).isZero();
        assertThat(ReferencePolicy.seasonal(Duration.ofMillis(2), Duration.ofMillis(1), 1).slotOf(Instant.ofEpochMilli(3)))
                .isEqualTo(1);
    }

    @Test
    void memoryBounds() {
        assertThat(ReferencePolicy.hourOfWeek(4).maxProfiles()).isEqualTo(673);
        assertThat(ReferencePolicy.rolling(24).maxProfiles()).isEqualTo(24);
        assertThat(ReferencePolicy.fixed().maxProfiles()).isZero();
        assertThat(ReferencePolicy.rolling(ReferencePolicy.MAX_PROFILES).history()).isEqualTo(100_000);
        assertThat(ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofMinutes(1), 9).maxProfiles())
                .isEqualTo(10_080 * 9 + 1);
    }

    @Test
    void accessorsAndDefaults() {
        ReferencePolicy fixed = ReferencePolicy.fixed();
        assertThat(fixed.kind()).isEqualTo(ReferenceKind.FIXED);
        assertThat(fixed.history()).isZero();
        assertThat(fixed.minHistory()).isZero();
        assertThat(fixed.season()).isEmpty();
        assertThat(fixed.slot()).isEmpty();
        assertThat(fixed.slotsPerSeason()).isZero();
        assertThat(fixed).hasToString("fixed");

        ReferencePolicy rolling = ReferencePolicy.rolling(24);
        assertThat(rolling.kind()).isEqualTo(ReferenceKind.ROLLING);
        assertThat(rolling.history()).isEqualTo(24);
        assertThat(rolling.minHistory()).isEqualTo(24);
        assertThat(rolling.withMinHistory(6).minHistory()).isEqualTo(6);
        assertThat(rolling.withMinHistory(24)).isEqualTo(rolling).hasSameHashCodeAs(rolling);
        assertThat(rolling.withMinHistory(1).minHistory()).isEqualTo(1);
        assertThat(rolling).hasToString("rolling(24 windows, min 24)");
        assertThat(rolling.slotsPerSeason()).isZero();

        ReferencePolicy weekly = ReferencePolicy.hourOfWeek(4);
        assertThat(weekly.kind()).isEqualTo(ReferenceKind.SEASONAL);
        assertThat(weekly.history()).isEqualTo(4);
        assertThat(weekly.minHistory()).isEqualTo(4);
        assertThat(weekly.season()).contains(Duration.ofDays(7));
        assertThat(weekly.slot()).contains(Duration.ofHours(1));
        assertThat(weekly).isEqualTo(ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofHours(1), 4))
                .hasSameHashCodeAs(ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofHours(1), 4))
                .isNotEqualTo(weekly.withMinHistory(2))
                .isNotEqualTo(ReferencePolicy.hourOfWeek(3))
                .isNotEqualTo(ReferencePolicy.seasonal(Duration.ofDays(14), Duration.ofHours(1), 4))
                .isNotEqualTo(ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofHours(2), 4))
                .isNotEqualTo(ReferencePolicy.rolling(4))
                .isNotEqualTo("seasonal");
        assertThat(weekly).hasToString("seasonal(slot PT1H of season PT168H, 4 seasons, min 4)");
    }

    @Test
    void badInputIsRefusedNamingFieldAndValue() {
        assertThatThrownBy(() -> ReferencePolicy.rolling(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("windows must be in [1, 100000] but was 0");
        assertThatThrownBy(() -> ReferencePolicy.rolling(100_001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("windows must be in [1, 100000] but was 100001");
        assertThatThrownBy(() -> ReferencePolicy.hourOfWeek(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seasons must be >= 1 but was 0");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofMinutes(11), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("season must be a whole number of slots of PT11M but was PT168H");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofMinutes(30), Duration.ofHours(1), 4))
                .hasMessage("season must be a whole number of slots of PT1H but was PT30M");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ZERO, Duration.ofHours(1), 4))
                .hasMessage("season must be a whole number of slots of PT1H but was PT0S");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(-7), Duration.ofHours(1), 4))
                .hasMessage("season must be a whole number of slots of PT1H but was PT-168H");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7).plusNanos(1), Duration.ofHours(1), 4))
                .hasMessageStartingWith("season must be a whole number of slots");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofNanos(999_999), 4))
                .hasMessage("slot must be a whole number of milliseconds, at least 1, but was PT0.000999999S");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofMillis(1).plusNanos(1), 4))
                .hasMessage("slot must be a whole number of milliseconds, at least 1, but was PT0.001000001S");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofMinutes(1), 10))
                .hasMessage("slots per season (10080) times seasons (10) must be at most 100000 but was 100800");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(null, Duration.ofHours(1), 4))
                .isInstanceOf(NullPointerException.class).hasMessage("season");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), null, 4))
                .isInstanceOf(NullPointerException.class).hasMessage("slot");
        assertThatThrownBy(() -> ReferencePolicy.rolling(4).withMinHistory(5))
                .hasMessage("minHistory must be in [1, 4] but was 5");
        assertThatThrownBy(() -> ReferencePolicy.rolling(4).withMinHistory(0))
                .hasMessage("minHistory must be in [1, 4] but was 0");
        assertThatThrownBy(() -> ReferencePolicy.fixed().withMinHistory(1))
                .hasMessage("minHistory needs a rolling or seasonal policy but this one is fixed");
        assertThatThrownBy(() -> ReferencePolicy.rolling(4).slotOf(Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("slots need a seasonal policy but this one is ROLLING");
        assertThatThrownBy(() -> ReferencePolicy.fixed().slotOf(Instant.EPOCH))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofMinutes(1), 9).history()).isEqualTo(9);
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ZERO, 4))
                .hasMessage("slot must be a whole number of milliseconds, at least 1, but was PT0S");
        assertThatThrownBy(() -> ReferencePolicy.seasonal(Duration.ofDays(7), Duration.ofHours(-1), 4))
                .hasMessage("slot must be a whole number of milliseconds, at least 1, but was PT-1H");
    }

    @Test
    void boundariesAreAccepted() {
        assertThat(ReferencePolicy.rolling(1).history()).isEqualTo(1);
        assertThat(ReferencePolicy.rolling(1).maxProfiles()).isEqualTo(1);
        // 10,000 slots of a minute times 10 seasons: exactly the cap.
        ReferencePolicy atCap = ReferencePolicy.seasonal(Duration.ofMinutes(10_000), Duration.ofMinutes(1), 10);
        assertThat(atCap.slotsPerSeason()).isEqualTo(10_000);
        assertThat(atCap.maxProfiles()).isEqualTo(100_001);
        assertThat(ReferencePolicy.seasonal(Duration.ofMillis(1), Duration.ofMillis(1), 1).slotsPerSeason()).isEqualTo(1);
    }

    @Test
    void equalityFollowsEverySetting() {
        ReferencePolicy a = ReferencePolicy.rolling(4).withMinHistory(2);
        assertThat(a).isEqualTo(ReferencePolicy.rolling(4).withMinHistory(2))
                .isNotEqualTo(ReferencePolicy.rolling(3).withMinHistory(2))
                .isNotEqualTo(ReferencePolicy.rolling(4));
        assertThat(a.hashCode()).isEqualTo(ReferencePolicy.rolling(4).withMinHistory(2).hashCode())
                .isNotEqualTo(ReferencePolicy.rolling(3).withMinHistory(2).hashCode())
                .isNotEqualTo(ReferencePolicy.fixed().hashCode());
        assertThat(ReferencePolicy.fixed()).isEqualTo(ReferencePolicy.fixed()).isNotEqualTo(ReferencePolicy.rolling(1));
    }
}

package org.mlops4j.monitoring.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * Slots and the seasonal history against {@code src/test/resources/reference/slots.json}, written by
 * {@code slots.py} beside it from Python's calendar arithmetic (weekday and hour of a UTC datetime), not
 * from epoch milliseconds: 206 instants from 1965 to 2045 (the epoch, the hour before it and the European
 * daylight-saving changes of 2026 among them), and naive simulations of the warm-up count and the most
 * profiles a history must hold. Exact equality: both sides are integers.
 */
class ReferenceSlotsReferenceTest {

    private static JsonNode reference() throws IOException {
        try (InputStream in = ReferenceSlotsReferenceTest.class.getResourceAsStream("/reference/slots.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void slotsMatchPythonsCalendar() throws IOException {
        ReferencePolicy hourOfWeek = ReferencePolicy.hourOfWeek(4);
        ReferencePolicy quarterOfDay = ReferencePolicy.seasonal(Duration.ofDays(1), Duration.ofMinutes(15), 7);
        JsonNode instants = reference().get("instants");
        assertThat(instants.size()).isEqualTo(206);
        for (JsonNode row : instants) {
            Instant t = Instant.ofEpochMilli(row.get("epochMillis").asLong());
            assertThat(hourOfWeek.slotOf(t)).as(row.get("iso").asText()).isEqualTo(row.get("hourOfWeek").asInt());
            assertThat(quarterOfDay.slotOf(t)).as(row.get("iso").asText()).isEqualTo(row.get("quarterOfDay").asInt());
        }
    }

    @Test
    void warmUpsAndTheMostProfilesHeldMatchANaiveSimulation() throws IOException {
        Schema schema = Schema.of(Feature.numeric("x"));
        ReferenceProfile p = ReferenceProfile.of(schema, List.of(Map.of("x", 1.0)));
        Instant monday = Instant.parse("2026-01-05T00:00:00Z");
        JsonNode simulations = reference().get("simulations");
        assertThat(simulations.size()).isEqualTo(3);
        for (JsonNode s : simulations) {
            int seasons = s.get("seasons").asInt();
            int perHour = s.get("perHour").asInt();
            ReferenceHistory h = ReferenceHistory.of(ReferencePolicy.hourOfWeek(seasons));
            long warmUps = 0;
            int most = 0;
            for (int hour = 0; hour < s.get("weeks").asInt() * 168; hour++) {
                for (int i = 0; i < perHour; i++) {
                    Instant start = monday.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(60L / perHour * i));
                    warmUps += h.select(start).warmUp() ? 1 : 0;
                    h.record(start, p);
                    most = Math.max(most, h.profiles());
                }
            }
            assertThat(warmUps).as(s.toString()).isEqualTo(s.get("warmUps").asLong());
            assertThat(most).as(s.toString()).isEqualTo(s.get("mostHeld").asInt());
        }
    }
}

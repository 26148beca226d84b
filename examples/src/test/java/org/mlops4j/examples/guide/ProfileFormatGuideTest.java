package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/** Runs {@link ProfileFormatGuide} on 20,000 seeded rows. */
class ProfileFormatGuideTest {

    @Test
    void savedBinaryProfileLoadsBackEqualAndSmallerThanItsJson(@TempDir Path dir) throws Exception {
        Schema schema = Schema.of(Feature.numeric("amount"), Feature.anyCategory("country"));
        SplittableRandom random = new SplittableRandom(7);
        String[] countries = {"DE", "FR", "NL"};
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(Map.of("amount", 50 + 10 * random.nextGaussian(), "country", countries[random.nextInt(3)]));
        }
        ReferenceProfile reference = ReferenceProfile.of(schema, rows);
        Path file = dir.resolve("reference.mlpf");

        ReferenceProfile loaded = ProfileFormatGuide.saveAndLoad(reference, file);

        FeatureProfile a = reference.feature("amount").orElseThrow();
        FeatureProfile b = loaded.feature("amount").orElseThrow();
        assertThat(b.mean()).isEqualTo(a.mean());
        assertThat(b.variance()).isEqualTo(a.variance());
        assertThat(b.quantile(0.99)).isEqualTo(a.quantile(0.99));
        assertThat(loaded.feature("country").orElseThrow().categoryCounts())
                .isEqualTo(reference.feature("country").orElseThrow().categoryCounts());
        assertThat(loaded.toJson()).isEqualTo(reference.toJson());
        assertThat(Files.size(file)).isEqualTo(reference.toBytes().length)
                .isLessThan((long) (0.8 * reference.toJson().length()));
    }
}

package org.mlops4j.tribuo.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.tracking.TrackingLimits;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

class TribuoProvenanceParamsTest {

    private static Map<String, Provenance> base() {
        Map<String, Provenance> m = new LinkedHashMap<>();
        m.put("class-name", new StringProvenance("class-name", "com.example.EnsembleTrainer"));
        m.put("host-short-name", new StringProvenance("host-short-name", "Trainer"));
        m.put("train-invocation-count", new IntProvenance("train-invocation-count", 0));
        m.put("is-sequence", new BooleanProvenance("is-sequence", false));
        m.put("tribuo-version", new StringProvenance("tribuo-version", "4.3.2"));
        return m;
    }

    @Test
    void flattensListsByIndexAndMapsByKeyAndSkipsTimestamps() {
        Map<String, Provenance> m = base();
        m.put("members", new ListProvenance<>(List.of(new IntProvenance("members", 3), new IntProvenance("members", 4))));
        m.put("weights", new MapProvenance<>(Map.of("a/b", new IntProvenance("a/b", 1))));
        m.put("transforms", new ListProvenance<>());
        m.put("created", new DateTimeProvenance("created", OffsetDateTime.parse("2024-01-01T00:00:00Z")));

        Map<String, String> params = ProvenanceParams.trainer(new TrainerProvenanceImpl(m));

        assertThat(params)
                .containsEntry("trainer.class-name", "com.example.EnsembleTrainer")
                .containsEntry("trainer.members.0", "3")
                .containsEntry("trainer.members.1", "4")
                .containsEntry("trainer.weights.a_b", "1")
                .containsEntry("trainer.transforms", "[]")
                .containsEntry("trainer.train-invocation-count", "0")
                .containsEntry("trainer.tribuo-version", "4.3.2")
                .doesNotContainKeys("trainer.created", "trainer.host-short-name");
        params.keySet().forEach(k -> TrackingLimits.checkKey(k, "param"));
    }

    @Test
    void cutsOverlongValuesToTheParamLimit() {
        Map<String, Provenance> m = base();
        m.put("vocabulary", new StringProvenance("vocabulary", "w".repeat(7000)));

        Map<String, String> params = ProvenanceParams.trainer(new TrainerProvenanceImpl(m));

        assertThat(params.get("trainer.vocabulary")).hasSize(TrackingLimits.MAX_PARAM_VALUE_LENGTH);
    }

    @Test
    void keyPiecesHoldOnlyCharactersKeysAllow() {
        assertThat(Keys.piece("yes/no")).isEqualTo("yes_no");
        assertThat(Keys.piece("a=b, c")).isEqualTo("a_b_ c");
        assertThat(Keys.piece("größe-1.5")).isEqualTo("größe-1.5");
        assertThat(Keys.piece("")).isEqualTo("_");
        assertThat(Keys.piece("x".repeat(300))).hasSize(Keys.MAX_PIECE_LENGTH);
    }
}

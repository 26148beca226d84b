package org.mlops4j.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/** The JSON form of a signature that the JDBC and MLflow registries keep. */
class SignatureJsonTest {

    @Test
    void theWrittenFormIsStableAndLeavesUnboundedEndsOut() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("b", 2);
        example.put("a", 0.1);
        example.put("c", "x");
        example.put("d", true);
        ModelSignature signature = ModelSignature.classifier(Schema.of(Feature.numeric("b").withRange(1, Double.POSITIVE_INFINITY),
                Feature.numeric("a").optional(), Feature.categorical("c", Set.of("y", "x")), Feature.bool("d")),
                List.of("z", "a")).withInputExample(example);

        String json = SignatureJson.write(signature);

        assertThat(json).isEqualTo("{\"format\":1,\"inputs\":["
                + "{\"name\":\"b\",\"type\":\"NUMERIC\",\"required\":true,\"min\":1.0},"
                + "{\"name\":\"a\",\"type\":\"NUMERIC\",\"required\":false},"
                + "{\"name\":\"c\",\"type\":\"CATEGORICAL\",\"required\":true,\"categories\":[\"x\",\"y\"]},"
                + "{\"name\":\"d\",\"type\":\"BOOLEAN\",\"required\":true}],"
                + "\"allowUnexpectedFeatures\":false,\"output\":\"CLASSIFICATION\",\"labels\":[\"z\",\"a\"],"
                + "\"inputExample\":{\"b\":2,\"a\":0.1,\"c\":\"x\",\"d\":true}}");
        assertThat(SignatureJson.read(json, "t")).isEqualTo(signature);
    }

    @Test
    void exampleNumbersComeBackAsIntLongOrDouble() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("i", 7);
        example.put("l", 1L << 40);
        example.put("f", 0.5f);
        example.put("s", (short) 3);
        example.put("bd", new BigDecimal("2.25"));
        Schema schema = Schema.of(Feature.numeric("i"), Feature.numeric("l"), Feature.numeric("f"), Feature.numeric("s"),
                Feature.numeric("bd"));
        ModelSignature read = SignatureJson.read(SignatureJson.write(ModelSignature.regressor(schema)
                .withInputExample(example)), "t");

        assertThat(read.inputExample()).containsExactly(Map.entry("i", 7), Map.entry("l", 1L << 40), Map.entry("f", 0.5),
                Map.entry("s", 3), Map.entry("bd", 2.25));
    }

    @Test
    void textThatIsNotASignatureIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> SignatureJson.read("{\"format\":2}", "fraud/3"))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("the signature of fraud/3 cannot be read")
                .hasMessageContaining("format must be 1 but was 2");
        assertThatThrownBy(() -> SignatureJson.read("{\"format\":1}", "fraud/3"))
                .isInstanceOf(StoreException.class).hasMessageContaining("field 'inputs' is missing");
        assertThatThrownBy(() -> SignatureJson.read("not json", "fraud/3"))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("the signature of fraud/3 cannot be read");
        String ok = SignatureJson.write(ModelSignature.regressor(Schema.of(Feature.numeric("x"))));
        assertThatThrownBy(() -> SignatureJson.read(ok.replace("NUMERIC", "TENSOR"), "fraud/3"))
                .isInstanceOf(StoreException.class).hasMessageContaining("TENSOR");
        assertThatThrownBy(() -> SignatureJson.read(ok.replace("\"inputExample\":{}", "\"inputExample\":{\"x\":[1]}"),
                "fraud/3")).isInstanceOf(StoreException.class).hasMessageContaining("number, string, boolean or null");
    }
}

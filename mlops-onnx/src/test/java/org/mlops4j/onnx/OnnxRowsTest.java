package org.mlops4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.features.FeatureExtractor;

/** How inputs become rows of the model's float input: every rule, with no native code. */
class OnnxRowsTest {

    private static final List<String> FEATURES = List.of("amount", "hour", "new_customer");

    record Payment(double amount, int hour, boolean newCustomer) {
    }

    private static OnnxRows<Map<String, ?>> maps(boolean allowNaN) {
        return new OnnxRows<>(FeatureExtractor.maps().bind(FEATURES), allowNaN, "fraud.onnx");
    }

    @Test
    void numbersAndBooleansGoInTheirColumnsFromTheOffset() {
        OnnxRows<Map<String, ?>> rows = maps(false);
        assertThat(rows.width()).isEqualTo(3);
        float[] out = {9, 9, 9, 9, 9};
        rows.read(Map.of("new_customer", true, "hour", 7, "amount", 12.5, "ignored", "x"), out, 1);
        assertThat(out).containsExactly(9f, 12.5f, 7f, 1f, 9f);
        rows.read(Map.of("new_customer", false, "hour", 23L, "amount", -0.25f), out, 2);
        assertThat(out).containsExactly(9f, 12.5f, -0.25f, 23f, 0f);
    }

    @Test
    void recordsAreReadByTheirComponentsInCamelCase() {
        OnnxRows<Payment> rows = new OnnxRows<>(FeatureExtractor.reflective(Payment.class).bind(FEATURES), false, "m");
        float[] out = new float[3];
        rows.read(new Payment(3.5, 2, true), out, 0);
        assertThat(out).containsExactly(3.5f, 2f, 1f);
    }

    @Test
    void aMissingFeatureIsRefusedNamingItAndTheModelsFeatures() {
        assertThatThrownBy(() -> maps(true).read(Map.of("amount", 1, "hour", 2), new float[3], 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("feature 'new_customer' is missing; the model fraud.onnx needs [amount, hour, new_customer]");
        Map<String, Object> nullValue = new HashMap<>(Map.of("amount", 1, "new_customer", true));
        nullValue.put("hour", null);
        assertThatThrownBy(() -> maps(true).read(nullValue, new float[3], 0))
                .hasMessageStartingWith("feature 'hour' is missing");
    }

    @Test
    void nanIsRefusedUnlessAllowedAndInfinityPasses() {
        Map<String, Object> row = Map.of("amount", Double.NaN, "hour", 1, "new_customer", false);
        assertThatThrownBy(() -> maps(false).read(row, new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("feature 'amount' is NaN, which this model does not take (OnnxConfig.allowNaN)");
        float[] out = new float[3];
        maps(true).read(row, out, 0);
        assertThat(out[0]).isNaN();
        maps(false).read(Map.of("amount", Double.POSITIVE_INFINITY, "hour", 1, "new_customer", false), out, 0);
        assertThat(out[0]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> maps(false).read(Map.of("amount", 1, "hour", Float.NaN, "new_customer", false),
                new float[3], 0)).hasMessageStartingWith("feature 'hour' is NaN");
    }

    @Test
    void aValueThatIsNotANumberOrIsShapedAsATensorIsRefusedNamingTheFeature() {
        assertThatThrownBy(() -> maps(true).read(Map.of("amount", "12", "hour", 1, "new_customer", true),
                new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("feature 'amount' must be a number but was '12' (String)");
        assertThatThrownBy(() -> maps(true).read(Map.of("amount", new double[] {1, 2}, "hour", 1,
                "new_customer", true), new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("feature 'amount' holds a tensor of shape [2] (double[]) but the signature describes one "
                        + "number per row");
        assertThatThrownBy(() -> maps(true).read(Map.of("amount", 1, "hour", new ArrayList<>(), "new_customer", true),
                new float[3], 0)).hasMessage("feature 'hour' holds a tensor of shape [0] (ArrayList) but the signature "
                        + "describes one number per row");
    }

    @Test
    void anInputTheReaderCannotReadIsRefusedNamingItsType() {
        OnnxRows<Object> rows = new OnnxRows<>(FeatureExtractor.auto().bind(FEATURES), false, "m");
        assertThatThrownBy(() -> rows.read(42, new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot read the features [amount, hour, new_customer] of a java.lang.Integer: none of its "
                        + "accessors matches a feature");
        assertThatThrownBy(() -> rows.read(null, new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("of a null input");
        assertThat(rows).hasToString("OnnxRows[amount, hour, new_customer]");
    }
}

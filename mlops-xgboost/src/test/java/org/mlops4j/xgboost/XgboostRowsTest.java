package org.mlops4j.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/** How inputs become rows of an XGBoost model's dense input: every rule, with no native code. */
class XgboostRowsTest {

    private static final ModelSignature SIGNATURE = ModelSignature.regressor(Schema.of(Feature.numeric("amount"),
            Feature.numeric("hour").optional(), Feature.bool("new_customer").optional()));

    record Payment(Double amount, Integer hour, Boolean newCustomer) {
    }

    private static XgboostRows<Map<String, ?>> maps() {
        return new XgboostRows<>(FeatureExtractor.maps().bind(SIGNATURE.featureNames()), SIGNATURE);
    }

    @Test
    void numbersBooleansAndMissingValuesGoInTheirColumnsFromTheOffset() {
        XgboostRows<Map<String, ?>> rows = maps();
        assertThat(rows.width()).isEqualTo(3);
        float[] out = {9, 9, 9, 9, 9};
        rows.read(Map.of("new_customer", true, "hour", 7, "amount", 12.5), out, 1);
        assertThat(out).containsExactly(9f, 12.5f, 7f, 1f, 9f);
        rows.read(Map.of("amount", -0.25f, "new_customer", false), out, 2);
        assertThat(out[2]).isEqualTo(-0.25f);
        assertThat(out[3]).isNaN();
        assertThat(out[4]).isZero();
        rows.read(Map.of("amount", Double.NaN, "hour", 3L), out, 0);
        assertThat(out[0]).isNaN();
        assertThat(out[1]).isEqualTo(3f);
        assertThat(out[2]).isNaN();
    }

    @Test
    void recordsAreReadByTheirComponentsWithNullAsMissing() {
        XgboostRows<Payment> rows = new XgboostRows<>(FeatureExtractor.reflective(Payment.class)
                .bind(SIGNATURE.featureNames()), SIGNATURE);
        float[] out = new float[3];
        rows.read(new Payment(3.5, null, true), out, 0);
        assertThat(out[0]).isEqualTo(3.5f);
        assertThat(out[1]).isNaN();
        assertThat(out[2]).isEqualTo(1f);
        assertThatThrownBy(() -> rows.read(new Payment(null, 1, false), new float[3], 0))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("feature 'amount' is missing");
    }

    @Test
    void aRequiredFeatureMustBePresentButAnOptionalOneMayNot() {
        Map<String, Object> row = new HashMap<>();
        row.put("amount", null);
        row.put("hour", 1);
        assertThatThrownBy(() -> maps().read(row, new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("feature 'amount' is missing and the signature requires it (make it optional to send it to "
                        + "XGBoost as missing)");
        assertThatThrownBy(() -> maps().read(Map.of(), new float[3], 0)).hasMessageStartingWith("feature 'amount'");
    }

    @Test
    void aValueThatIsNotANumberOrIsShapedAsATensorIsRefusedNamingTheFeature() {
        assertThatThrownBy(() -> maps().read(Map.of("amount", "12"), new float[3], 0))
                .isInstanceOf(InvalidInputException.class).hasMessage("feature 'amount' must be a number but was '12' "
                        + "(String)");
        assertThatThrownBy(() -> maps().read(Map.of("amount", 1, "hour", new int[] {1, 2}), new float[3], 0))
                .isInstanceOf(InvalidInputException.class).hasMessage("feature 'hour' holds a tensor of shape [2] "
                        + "(int[]) but the signature describes one number per row");
        assertThatThrownBy(() -> maps().read(Map.of("amount", new float[0]), new float[3], 0))
                .hasMessage("feature 'amount' holds a tensor of shape [0] (float[]) but the signature describes one number "
                        + "per row");
        assertThatThrownBy(() -> maps().read(Map.of("amount", 1, "new_customer", new ArrayList<>(List.of(true))),
                new float[3], 0)).hasMessage("feature 'new_customer' holds a tensor of shape [1] (ArrayList) but the "
                        + "signature describes one number per row");
    }

    @Test
    void anInputTheReaderCannotReadIsRefusedNamingItsType() {
        XgboostRows<Object> rows = new XgboostRows<>(FeatureExtractor.auto().bind(SIGNATURE.featureNames()), SIGNATURE);
        assertThatThrownBy(() -> rows.read(42, new float[3], 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot read the features [amount, hour, new_customer] of a java.lang.Integer: none of its "
                        + "accessors matches a feature");
        assertThatThrownBy(() -> rows.read(null, new float[3], 0)).hasMessageContaining("of a null input");
        assertThat(rows).hasToString("XgboostRows[amount, hour, new_customer]");
    }
}

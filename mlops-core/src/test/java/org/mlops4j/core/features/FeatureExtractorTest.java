package org.mlops4j.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    /** A request as a service would model it: a record with camel-case components. */
    record Transaction(double amount, String country, boolean newCustomer, Integer txLast24h) {
    }

    /** A plain Java object with getters and a public field. */
    public static final class Payment {
        public final String channel;
        private final double amount;

        Payment(double amount, String channel) {
            this.amount = amount;
            this.channel = channel;
        }

        public double getAmount() {
            return amount;
        }

        public boolean isFlagged() {
            return amount > 100;
        }
    }

    private static final List<String> FEATURES = List.of("amount", "country", "new_customer", "tx_last_24h");

    @Test
    void autoReadsMapsAndRecordComponentsBySnakeOrCamelCaseName() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(FEATURES);
        Map<String, Object> row = new HashMap<>();
        row.put("amount", 12.5);
        row.put("country", "FR");
        assertThat(reader.canRead(row)).isTrue();
        assertThat(reader.value(row, 0)).isEqualTo(12.5);
        assertThat(reader.value(row, 2)).isNull();

        Transaction tx = new Transaction(240.0, "BR", true, null);
        assertThat(reader.canRead(tx)).isTrue();
        assertThat(reader.toMap(tx)).containsExactly(Map.entry("amount", 240.0), Map.entry("country", "BR"),
                Map.entry("new_customer", true), new java.util.AbstractMap.SimpleEntry<>("tx_last_24h", null));
    }

    @Test
    void autoReadsGettersAndPublicFields() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(List.of("amount", "channel", "flagged", "absent"));
        Payment p = new Payment(150.0, "web");
        assertThat(reader.canRead(p)).isTrue();
        assertThat(reader.value(p, 0)).isEqualTo(150.0);
        assertThat(reader.value(p, 1)).isEqualTo("web");
        assertThat(reader.value(p, 2)).isEqualTo(true);
        assertThat(reader.value(p, 3)).isNull();
    }

    @Test
    void anInputWithNoneOfTheFeaturesCannotBeRead() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(FEATURES);
        assertThat(reader.canRead("just a string")).isFalse();
        assertThat(reader.canRead(42)).isFalse();
        assertThat(reader.canRead(null)).isFalse();
        assertThat(FeatureExtractor.maps().bind(FEATURES).canRead(new Transaction(1, "FR", false, 1))).isFalse();
    }

    @Test
    void reflectiveReadsOneTypeAndRefusesOthers() {
        FeatureReader<Transaction> reader = FeatureExtractor.reflective(Transaction.class).bind(FEATURES);
        Transaction tx = new Transaction(10.0, "DE", false, 3);
        assertThat(reader.canRead(tx)).isTrue();
        assertThat(reader.canRead(Map.of("amount", 1.0))).isFalse();
        assertThat(reader.value(tx, 3)).isEqualTo(3);
    }

    @Test
    void handWrittenFieldsReadWhatAccessorsCannot() {
        FeatureReader<Payment> reader = FeatureExtractor.fields(Payment.class,
                Map.<String, java.util.function.Function<Payment, Object>>of("amount_usd", p -> p.getAmount() * 1.1,
                        "country", p -> "US")).bind(List.of("amount_usd", "country", "other"));
        Payment p = new Payment(100.0, "app");
        assertThat((Double) reader.value(p, 0)).isCloseTo(110.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(reader.value(p, 1)).isEqualTo("US");
        assertThat(reader.value(p, 2)).isNull();
    }

    @Test
    void aThrowingAccessorIsReportedWithTheFeatureAndType() {
        FeatureReader<Payment> reader = FeatureExtractor.fields(Payment.class,
                Map.<String, java.util.function.Function<Payment, Object>>of("amount", p -> {
                    throw new ArithmeticException("overflow");
                })).bind(List.of("amount"));
        assertThatThrownBy(() -> reader.value(new Payment(1, "web"), 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feature 'amount'").hasMessageContaining("Payment")
                .hasCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    void featureListsMustBeUniqueAndNotBlank() {
        assertThatThrownBy(() -> FeatureExtractor.auto().bind(List.of("a", "a")))
                .hasMessageContaining("unique but 'a' appears twice");
        assertThatThrownBy(() -> FeatureExtractor.maps().bind(List.of("a", " ")))
                .hasMessageContaining("features[1] was ' '");
    }
}

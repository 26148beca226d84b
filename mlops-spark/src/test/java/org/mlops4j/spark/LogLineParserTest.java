package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;

/** The prediction log's line parser on single lines, without Spark. */
class LogLineParserTest {

    private static final List<Feature> FEATURES = List.of(Feature.numeric("amount"), Feature.anyCategory("country"),
            Feature.bool("mobile"));
    private static final int WIDTH = LogColumns.FIXED.size() + FEATURES.size() + 2;
    private static final String HEAD = "{\"predictionId\":\"p-1\",\"timestamp\":\"2026-12-05T10:00:00.123456789Z\","
            + "\"endpoint\":\"fraud\",\"variant\":\"champion\",\"model\":\"fraud/12\",\"latencyNanos\":1500,";

    private static Row parse(String line, boolean instants) {
        Iterator<Row> out = new LogLineParser(FEATURES, instants).call(List.of(RowFactory.create(line, "f.jsonl"))
                .iterator());
        assertThat(out.hasNext()).isTrue();
        Row row = out.next();
        assertThat(out.hasNext()).isFalse();
        assertThat(row.size()).isEqualTo(WIDTH);
        return row;
    }

    private static Object column(Row row, String name) {
        return row.get(LogColumns.parsed(FEATURES).fieldIndex(name));
    }

    private static String malformed(String line) {
        Row row = parse(line, false);
        assertThat(column(row, LogColumns.PREDICTION_ID)).isNull();
        assertThat(column(row, LogColumns.FILE)).isEqualTo("f.jsonl");
        assertThat(column(row, LogColumns.LINE)).isEqualTo(line.length() > 1_000 ? line.substring(0, 1_000) : line);
        return (String) column(row, LogColumns.MALFORMED);
    }

    @Test
    void readsAWellFormedLine() {
        Row row = parse(HEAD + "\"confidence\":\"NaN\",\"input\":{\"amount\":\"-Infinity\",\"country\":7,"
                + "\"mobile\":\"true\"},\"output\":{\"label\":\"fraud\",\"value\":0.25},\"error\":null}", false);
        assertThat(column(row, LogColumns.MALFORMED)).isNull();
        assertThat(column(row, "timestamp")).isEqualTo(Timestamp.from(Instant.parse("2026-12-05T10:00:00.123456789Z")));
        assertThat(column(row, "model_name")).isEqualTo("fraud");
        assertThat(column(row, "model_version")).isEqualTo(12);
        assertThat(column(row, "latency_nanos")).isEqualTo(1500L);
        assertThat(column(row, "fallback")).isEqualTo(false);
        assertThat((Double) column(row, "confidence")).isNaN();
        assertThat(column(row, "amount")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(column(row, "country")).isEqualTo("7");
        assertThat(column(row, "mobile")).isEqualTo(true);
        assertThat(column(row, "output_label")).isEqualTo("fraud");
        assertThat(column(row, "output_value")).isEqualTo(0.25);
        assertThat(column(row, "request_id")).isNull();
        assertThat(column(row, "truncated")).isNull();
        assertThat(column(row, LogColumns.LINE)).isNull();

        Row instants = parse(HEAD + "\"fallback\":true,\"confidence\":0.5,\"features\":{\"amount\":2},\"input\":5,"
                + "\"output\":3,\"error\":null}", true);
        assertThat(column(instants, "timestamp")).isEqualTo(Instant.parse("2026-12-05T10:00:00.123456789Z"));
        assertThat(column(instants, "fallback")).isEqualTo(true);
        assertThat(column(instants, "amount")).isEqualTo(2.0);
        assertThat(column(instants, "input")).isEqualTo("{\"amount\":2}");
        assertThat(column(instants, "output_label")).isEqualTo("3");
        assertThat(column(instants, "output_value")).isEqualTo(3.0);
    }

    @Test
    void readsAbsentAndNullFieldsAsNullAndOutputsByTheirKind() {
        Row bare = parse(HEAD.substring(0, HEAD.length() - 1) + "}", false);
        assertThat(column(bare, LogColumns.MALFORMED)).isNull();
        for (String name : List.of("input", "output", "output_label", "output_value", "confidence", "error",
                "truncated", "amount", "country", "mobile", "request_id", "routing_key")) {
            assertThat(column(bare, name)).as(name).isNull();
        }
        Row nulls = parse(HEAD + "\"requestId\":null,\"fallback\":false,\"confidence\":null,\"input\":null,"
                + "\"output\":null,\"truncated\":12345}", false);
        assertThat(column(nulls, "request_id")).isNull();
        assertThat(column(nulls, "fallback")).isEqualTo(false);
        assertThat(column(nulls, "input")).isNull();
        assertThat(column(nulls, "output")).isNull();
        assertThat(column(nulls, "amount")).isNull();
        assertThat(column(nulls, "truncated")).isEqualTo(12345L);
        Row values = parse(HEAD + "\"requestId\":\"r\",\"input\":{\"amount\":\"NaN\",\"country\":null,"
                + "\"mobile\":false},\"output\":true}", false);
        assertThat(column(values, "request_id")).isEqualTo("r");
        assertThat((Double) column(values, "amount")).isNaN();
        assertThat(column(values, "country")).isNull();
        assertThat(column(values, "mobile")).isEqualTo(false);
        assertThat(column(values, "output_label")).isEqualTo("true");
        assertThat(column(values, "output_value")).isNull();
        Row text = parse(HEAD + "\"input\":{\"amount\":\"Infinity\",\"mobile\":\"false\"},\"output\":\"ok\"}", false);
        assertThat(column(text, "amount")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(column(text, "mobile")).isEqualTo(false);
        assertThat(column(text, "output_label")).isEqualTo("ok");
        assertThat(column(text, "output_value")).isNull();
        Row array = parse(HEAD + "\"output\":[1,2]}", false);
        assertThat(column(array, "output_label")).isNull();
        assertThat(column(array, "output_value")).isNull();
        Row odd = parse(HEAD + "\"output\":{\"label\":5,\"value\":\"NaN\"}}", false);
        assertThat(column(odd, "output_label")).isNull();
        assertThat(column(odd, "output_value")).isNull();
        Row real = parse(HEAD + "\"output\":2.5}", false);
        assertThat(column(real, "output_label")).isNull();
        assertThat(column(real, "output_value")).isEqualTo(2.5);
    }

    @Test
    void namesWhyALineIsMalformed() {
        assertThat(malformed(HEAD.replace("\"latencyNanos\":1500,", "") + "\"input\":{}}"))
                .isEqualTo("latencyNanos must be an integer but was null");
        assertThat(malformed(HEAD.replace("1500", "100000000000000000000") + "\"input\":{}}"))
                .isEqualTo("latencyNanos must be an integer but was 100000000000000000000");
        assertThat(malformed(HEAD.replace("fraud/12", "/12") + "\"input\":{}}"))
                .isEqualTo("model must be name/version but was '/12'");
        assertThat(malformed(HEAD.replace("fraud/12", "fraud/x") + "\"input\":{}}"))
                .isEqualTo("model must be name/version but was 'fraud/x'");
        assertThat(malformed(HEAD.replace("\"endpoint\":\"fraud\"", "\"endpoint\":3") + "\"input\":{}}"))
                .isEqualTo("field 'endpoint' must be text but was 3");
        assertThat(malformed(HEAD + "\"input\":{\"mobile\":\"yes\"}}"))
                .isEqualTo("feature 'mobile' (BOOLEAN) must be a boolean but was \"yes\"");
        assertThat(malformed(HEAD + "\"input\":{\"amount\":\"much\"}}"))
                .isEqualTo("feature 'amount' (NUMERIC) must be a number but was \"much\"");
        assertThat(malformed(HEAD + "\"input\":{\"amount\":true}}"))
                .isEqualTo("feature 'amount' (NUMERIC) must be a number but was true");
        String longInput = "\"" + "y".repeat(150) + "\"";
        assertThat(malformed(HEAD + "\"input\":" + longInput + "}"))
                .isEqualTo("input must be a JSON object to read feature 'amount' but was " + longInput.substring(0, 100)
                        + "...");
        assertThat(malformed("z".repeat(1_000))).startsWith("not JSON");
        assertThat(malformed("z".repeat(1_001))).startsWith("not JSON");
        assertThat(malformed("   ")).isEqualTo("blank line");
        assertThat(malformed("[1, 2]")).isEqualTo("not a JSON object");
        assertThat(malformed("{\"predictionId\":")).startsWith("not JSON: ");
        assertThat(malformed(HEAD.replace("fraud/12", "fraud") + "\"input\":{}}"))
                .isEqualTo("model must be name/version but was 'fraud'");
        assertThat(malformed(HEAD.replace("1500", "1.5") + "\"input\":{}}"))
                .isEqualTo("latencyNanos must be an integer but was 1.5");
        assertThat(malformed(HEAD.replace("2026-12-05T10:00:00.123456789Z", "yesterday") + "\"input\":{}}"))
                .isEqualTo("timestamp must be ISO-8601 but was 'yesterday'");
        assertThat(malformed(HEAD + "\"fallback\":\"yes\"}")).isEqualTo("fallback must be a boolean but was \"yes\"");
        assertThat(malformed(HEAD + "\"confidence\":\"high\"}")).isEqualTo("confidence must be a number but was \"high\"");
        assertThat(malformed(HEAD + "\"input\":\"text\"}"))
                .isEqualTo("input must be a JSON object to read feature 'amount' but was \"text\"");
        assertThat(malformed(HEAD + "\"input\":{\"mobile\":1}}"))
                .isEqualTo("feature 'mobile' (BOOLEAN) must be a boolean but was 1");
        assertThat(malformed(HEAD + "\"input\":{\"country\":[\"DE\"]}}"))
                .isEqualTo("feature 'country' (CATEGORICAL) must be a value but was [\"DE\"]");
        assertThat(malformed(HEAD + "\"requestId\":5}")).isEqualTo("field 'requestId' must be text but was 5");
        assertThat(malformed(HEAD + "\"truncated\":\"big\"}")).isEqualTo("truncated must be an integer but was \"big\"");
        String longLine = "x".repeat(5_000);
        assertThat(malformed(longLine)).startsWith("not JSON");
    }
}

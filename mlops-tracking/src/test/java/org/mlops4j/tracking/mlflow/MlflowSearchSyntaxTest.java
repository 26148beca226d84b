package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunOrder;
import org.mlops4j.tracking.RunStatus;

/** Translation of {@link RunFilter} and {@link RunOrder} to MLflow's search syntax. */
class MlflowSearchSyntaxTest {

    private static String filter(RunFilter f) {
        return SearchSyntax.runFilter(f);
    }

    @Test
    void everyMetricOperatorIsTranslated() {
        assertThat(filter(RunFilter.metric("acc").eq(0.5))).isEqualTo("metrics.`acc` = 0.5");
        assertThat(filter(RunFilter.metric("acc").ne(0.5))).isEqualTo("metrics.`acc` != 0.5");
        assertThat(filter(RunFilter.metric("acc").gt(0.9))).isEqualTo("metrics.`acc` > 0.9");
        assertThat(filter(RunFilter.metric("acc").ge(0.9))).isEqualTo("metrics.`acc` >= 0.9");
        assertThat(filter(RunFilter.metric("acc").lt(-2))).isEqualTo("metrics.`acc` < -2.0");
        assertThat(filter(RunFilter.metric("acc").le(1e-7))).isEqualTo("metrics.`acc` <= 0.00000010");
    }

    @Test
    void boundsAtInfinityAreComparedWithTheLargestDoubleAsMlflowsSqlStoreKeepsThem() {
        String max = java.math.BigDecimal.valueOf(Double.MAX_VALUE).toPlainString();
        double inf = Double.POSITIVE_INFINITY;
        assertThat(max).hasSize(309).startsWith("17976931348623157");
        assertThat(Double.parseDouble(max)).isEqualTo(Double.MAX_VALUE);
        // Only +Infinity itself (stored as MAX_VALUE on SQL, as Infinity on file stores).
        assertThat(filter(RunFilter.metric("loss").ge(inf))).isEqualTo("metrics.`loss` >= " + max);
        assertThat(filter(RunFilter.metric("loss").eq(inf))).isEqualTo("metrics.`loss` >= " + max);
        assertThat(filter(RunFilter.metric("loss").gt(inf))).isEqualTo("metrics.`loss` >= " + max);
        assertThat(filter(RunFilter.metric("loss").gt(Double.MAX_VALUE))).isEqualTo("metrics.`loss` >= " + max);
        // Everything but +Infinity.
        assertThat(filter(RunFilter.metric("loss").lt(inf))).isEqualTo("metrics.`loss` < " + max);
        assertThat(filter(RunFilter.metric("loss").ne(inf))).isEqualTo("metrics.`loss` < " + max);
        assertThat(filter(RunFilter.metric("loss").le(Double.MAX_VALUE))).isEqualTo("metrics.`loss` < " + max);
        // Every value: left out.
        assertThat(filter(RunFilter.metric("loss").le(inf))).isEmpty();
        assertThat(filter(RunFilter.metric("loss").ne(Double.MAX_VALUE))).isEmpty();
        // The mirror image at -Infinity.
        assertThat(filter(RunFilter.metric("loss").le(-inf))).isEqualTo("metrics.`loss` <= -" + max);
        assertThat(filter(RunFilter.metric("loss").lt(-inf))).isEqualTo("metrics.`loss` <= -" + max);
        assertThat(filter(RunFilter.metric("loss").gt(-inf))).isEqualTo("metrics.`loss` > -" + max);
        assertThat(filter(RunFilter.metric("loss").ge(-Double.MAX_VALUE))).isEqualTo("metrics.`loss` > -" + max);
        assertThat(filter(RunFilter.metric("loss").ge(-inf).and(RunFilter.param("p").eq("x"))))
                .isEqualTo("params.`p` = 'x'");
        // Finite bounds below MAX_VALUE are written as they are.
        assertThat(filter(RunFilter.metric("loss").lt(1e308))).isEqualTo("metrics.`loss` < 1" + "0".repeat(308));
    }

    @Test
    void maxValueFromMlflowReadsAsInfinityAndOtherNumbersAsThemselves() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(RunCodec.readDouble(json.getNodeFactory().numberNode(Double.MAX_VALUE)))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RunCodec.readDouble(json.getNodeFactory().numberNode(-Double.MAX_VALUE)))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(RunCodec.readDouble(json.getNodeFactory().textNode("1.7976931348623157E308")))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RunCodec.readDouble(json.getNodeFactory().numberNode(Math.nextDown(Double.MAX_VALUE))))
                .isEqualTo(Math.nextDown(Double.MAX_VALUE));
        assertThat(RunCodec.readDouble(json.getNodeFactory().numberNode(0.25))).isEqualTo(0.25);
    }

    @Test
    void keysAreQuotedWithBackticksSoDotsSlashesAndSpacesSurvive() {
        assertThat(filter(RunFilter.metric("eval/auc roc.v2").gt(0.5))).isEqualTo("metrics.`eval/auc roc.v2` > 0.5");
    }

    @Test
    void paramsAndTagsCompareWithEqualsAndNotEquals() {
        assertThat(filter(RunFilter.param("trainer").eq("lr"))).isEqualTo("params.`trainer` = 'lr'");
        assertThat(filter(RunFilter.param("trainer").ne("lr"))).isEqualTo("params.`trainer` != 'lr'");
        assertThat(filter(RunFilter.tag("owner").eq("alice"))).isEqualTo("tags.`owner` = 'alice'");
        assertThat(filter(RunFilter.tag("owner").ne("bob"))).isEqualTo("tags.`owner` != 'bob'");
    }

    @Test
    void quotesInValuesSwitchTheQuoteCharacterOrAreRefused() {
        assertThat(filter(RunFilter.param("note").eq("it's"))).isEqualTo("params.`note` = \"it's\"");
        assertThat(filter(RunFilter.param("note").eq("say \"hi\""))).isEqualTo("params.`note` = 'say \"hi\"'");
        assertThatThrownBy(() -> filter(RunFilter.param("note").eq("it's \"odd\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it's \"odd\"");
        assertThatThrownBy(() -> filter(RunFilter.tag("path").eq("C:\\dir\\")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
    }

    @Test
    void attributesUseMlflowsAttributeNames() {
        assertThat(filter(RunFilter.status(RunStatus.FINISHED))).isEqualTo("attributes.status = 'FINISHED'");
        assertThat(filter(RunFilter.runName("r2"))).isEqualTo("attributes.run_name = 'r2'");
        assertThat(filter(RunFilter.startedSince(Instant.parse("2025-03-01T09:02:00Z"))))
                .isEqualTo("attributes.start_time >= 1740819720000");
        assertThat(filter(RunFilter.startedBefore(Instant.parse("2025-03-01T09:04:00.123456Z"))))
                .isEqualTo("attributes.start_time < 1740819840123");
        assertThat(filter(RunFilter.childrenOf("abc123"))).isEqualTo("tags.`mlflow.parentRunId` = 'abc123'");
    }

    @Test
    void conditionsAreJoinedWithAnd() {
        assertThat(filter(RunFilter.all())).isEmpty();
        assertThat(filter(RunFilter.metric("acc").gt(0.9).and(RunFilter.param("trainer").eq("lr"))
                .and(RunFilter.status(RunStatus.RUNNING))))
                .isEqualTo("metrics.`acc` > 0.9 AND params.`trainer` = 'lr' AND attributes.status = 'RUNNING'");
    }

    @Test
    void ordersAreMetricOrStartTimeWithDirection() {
        assertThat(SearchSyntax.orderBy(RunOrder.byMetric("acc", Goal.MAX))).containsExactly("metrics.`acc` DESC");
        assertThat(SearchSyntax.orderBy(RunOrder.byMetric("loss", Goal.MIN))).containsExactly("metrics.`loss` ASC");
        assertThat(SearchSyntax.orderBy(RunOrder.newestFirst())).containsExactly("attributes.start_time DESC");
        assertThat(SearchSyntax.orderBy(new RunOrder(Optional.empty(), true)))
                .containsExactly("attributes.start_time ASC");
    }

    @Test
    void theFakeServerReadsEveryClauseTheClientWrites() {
        String written = filter(RunFilter.metric("eval/auc roc").gt(Double.NEGATIVE_INFINITY)
                .and(RunFilter.param("note").eq("it's"))
                .and(RunFilter.tag("mlflow.parentRunId").ne("x"))
                .and(RunFilter.startedBefore(Instant.ofEpochMilli(42))));

        assertThat(FakeSearchGrammar.parseFilter(written)).containsExactly(
                new FakeSearchGrammar.Clause("metrics", "eval/auc roc", ">", -Double.MAX_VALUE),
                new FakeSearchGrammar.Clause("params", "note", "=", "it's"),
                new FakeSearchGrammar.Clause("tags", "mlflow.parentRunId", "!=", "x"),
                new FakeSearchGrammar.Clause("attributes", "start_time", "<", 42.0));
    }

    @Test
    void aValueStartingWithAQuoteIsWrittenBetweenTheOtherQuotes() {
        assertThat(SearchSyntax.quoted("'a")).contains("\"'a\"");
        assertThat(SearchSyntax.quoted("a'")).contains("\"a'\"");
        assertThat(SearchSyntax.quoted("\"a")).contains("'\"a'");
        assertThat(SearchSyntax.quoted("'a\"")).isEmpty();
    }

    @Test
    void textIsComparedOnlyWithEqualsAndNotEquals() {
        assertThat(filter(RunFilter.param("trainer").eq("lr"))).isEqualTo("params.`trainer` = 'lr'");
        assertThat(filter(RunFilter.param("trainer").ne("lr"))).isEqualTo("params.`trainer` != 'lr'");
    }
}

package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelUriTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(ModelUri.parse("models:/fraud/3")).isEqualTo(new ModelUri.ByVersion("fraud", 3));
        assertThat(ModelUri.parse("models:/fraud@champion")).isEqualTo(new ModelUri.ByAlias("fraud", "champion"));
        assertThat(ModelUri.parse("models:/fraud/latest")).isEqualTo(new ModelUri.Latest("fraud"));
        assertThat(ModelUri.parse("models:/team.fraud-eu v2/12"))
                .isEqualTo(new ModelUri.ByVersion("team.fraud-eu v2", 12));
    }

    @Test
    void printsBackToTheSameText() {
        for (String uri : new String[] {"models:/fraud/3", "models:/fraud@champion", "models:/fraud/latest"}) {
            assertThat(ModelUri.parse(uri).toString()).isEqualTo(uri);
        }
        assertThat(new ModelRef("fraud", 7).uri()).isEqualTo("models:/fraud/7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fraud/3", "models:/", "models:/fraud", "models:/fraud/", "models:/fraud/x",
        "models:/fraud/-1", "models:/fraud/1.5", "models:/fraud/99999999999", "models://3", "model:/fraud/3",
        "models:/fraud@", "models:/@champion", "models:/fraud@latest", "models:/fraud@v3", "models:/fraud@bad alias",
        "models:/fraud/0"})
    void malformedUrisAreRefusedQuotingTheText(String uri) {
        assertThatThrownBy(() -> ModelUri.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + uri + "'");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> ModelUri.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("uri");
    }
}

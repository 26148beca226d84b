package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunUriTest {

    private static final String ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @Test
    void parsesTheRunAndTheArtifactPathAndPrintsThemBack() {
        RunUri uri = RunUri.parse("runs:/" + ID + "/model/model.bin");

        assertThat(uri.runId()).isEqualTo(ID);
        assertThat(uri.artifactPath()).isEqualTo("model/model.bin");
        assertThat(uri).hasToString("runs:/" + ID + "/model/model.bin");
        assertThat(RunUri.parse(uri.toString())).isEqualTo(uri);
        assertThat(RunUri.parse("runs:/r/weights.bin")).isEqualTo(new RunUri("r", "weights.bin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"az", "AZ", "09", "a-b_c", "x"})
    void runIdsOfLettersDigitsDashesAndUnderscoresAreAccepted(String id) {
        assertThat(RunUri.parse("runs:/" + id + "/m.bin").runId()).isEqualTo(id);
    }

    @Test
    void aRunIdOf64CharactersIsAcceptedAnd65Refused() {
        String longest = "a".repeat(RunUri.MAX_RUN_ID_LENGTH);
        assertThat(new RunUri(longest, "m.bin").runId()).isEqualTo(longest);
        assertThatThrownBy(() -> new RunUri(longest + "b", "m.bin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId must have 1 to 64 characters").hasMessageContaining(longest + "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a`b", "a{b", "a@b", "a[b", "a:b", "a.b", "a b", "a/b", "\u00e9"})
    void runIdsWithOtherCharactersAreRefusedNamingThem(String id) {
        assertThatThrownBy(() -> new RunUri(id, "m.bin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId must hold only letters, digits").hasMessageContaining("'" + id + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"models:/fraud/1", "run:/" + ID + "/m.bin", "runs:" + ID + "/m.bin", "", "RUNS:/" + ID + "/m"})
    void textWithoutTheRunsSchemeIsRefusedQuotingIt(String text) {
        assertThatThrownBy(() -> RunUri.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run URI must start with 'runs:/' but was '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"runs:/", "runs:/" + ID})
    void aUriWithoutAnArtifactPathIsRefusedQuotingIt(String text) {
        assertThatThrownBy(() -> RunUri.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining("has no artifact path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"runs:/" + ID + "/", "runs://m.bin", "runs:/" + ID + "/../other/m.bin",
        "runs:/" + ID + "/a//b", "runs:/" + ID + "/./m.bin", "runs:/" + ID + "/a\\b", "runs:/" + ID + "/a:b"})
    void aMalformedRunIdOrPathIsRefusedQuotingTheUri(String text) {
        assertThatThrownBy(() -> RunUri.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("run URI '" + text + "' is invalid: ");
    }

    @Test
    void nullsAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> RunUri.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("uri");
        assertThatThrownBy(() -> new RunUri(null, "m")).isInstanceOf(NullPointerException.class).hasMessage("runId");
        assertThatThrownBy(() -> new RunUri("r", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("artifactPath");
        assertThatThrownBy(() -> new RunUri("", "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId must have 1 to 64 characters but was ''");
        assertThatThrownBy(() -> new RunUri("r", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("artifactPath must name a file but was empty");
    }
}

package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"champion", "challenger", "previous", "prod_eu-1", "V", "vip", "v1a", "version2"})
    void acceptsOrdinaryAliases(String alias) {
        assertThat(RegistryNames.checkAlias(alias)).isEqualTo(alias);
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "LATEST", "v1", "V12", "v007"})
    void reservesAliasesThatReadAsVersions(String alias) {
        assertThatThrownBy(() -> RegistryNames.checkAlias(alias))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + alias + "' is reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a/b", "a@b", "ünï"})
    void refusesAliasesOutsideTheCharset(String alias) {
        assertThatThrownBy(() -> RegistryNames.checkAlias(alias))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[A-Za-z0-9_-]").hasMessageContaining("'" + alias + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " lead", "trail ", "a/b", "a@b", "tab\there"})
    void refusesBadModelNames(String name) {
        assertThatThrownBy(() -> RegistryNames.checkModelName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model name");
    }

    @Test
    void checksLengthsVersionsAndTags() {
        assertThat(RegistryNames.checkModelName("x".repeat(256))).hasSize(256);
        assertThatThrownBy(() -> RegistryNames.checkModelName("x".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257");
        assertThatThrownBy(() -> RegistryNames.checkAlias("a".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryNames.checkVersion(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("version must be >= 1 but was 0");
        assertThatThrownBy(() -> RegistryNames.checkVersion(-4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-4");
        RegistryNames.checkTag("k", "v".repeat(5000));
        assertThatThrownBy(() -> RegistryNames.checkTag("k", "v".repeat(5001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5001");
        assertThatThrownBy(() -> RegistryNames.checkTag("k".repeat(251), "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryNames.checkTag(null, "v"))
                .isInstanceOf(NullPointerException.class).hasMessage("tag key");
        assertThatThrownBy(() -> new ModelRef("fraud", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new Attribution(" ", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
    }

    @Test
    void aSlashOrAnAtIsRefusedAtTheStartOfAModelNameToo() {
        assertThatThrownBy(() -> RegistryNames.checkModelName("/fraud"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model name must not contain '/' or '@', which separate the parts of a model URI, but was"
                        + " '/fraud'");
        assertThatThrownBy(() -> RegistryNames.checkModelName("@fraud"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model name must not contain '/' or '@', which separate the parts of a model URI, but was"
                        + " '@fraud'");
    }

    @Test
    void aliasesAndTagKeysAreAcceptedUpToTheirLimitAndBlankTagKeysAreRefused() {
        String alias = "a".repeat(RegistryNames.MAX_ALIAS_LENGTH);
        assertThat(RegistryNames.checkAlias(alias)).isEqualTo(alias);
        assertThatThrownBy(() -> RegistryNames.checkAlias("a".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alias must be 1 to 255 characters of [A-Za-z0-9_-] but was '" + "a".repeat(57)
                        + "... (256 characters)'");
        RegistryNames.checkTag("k".repeat(RegistryNames.MAX_TAG_KEY_LENGTH), "v");
        assertThatThrownBy(() -> RegistryNames.checkTag("k".repeat(251), "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag key must be 1 to 250 characters and not blank but was '" + "k".repeat(57)
                        + "... (251 characters)'");
        for (String blank : new String[] {"", "  "}) {
            assertThatThrownBy(() -> RegistryNames.checkTag(blank, "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tag key must be 1 to 250 characters and not blank but was '" + blank + "'");
        }
        assertThatThrownBy(() -> RegistryNames.checkTag("stage\u202E", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tag key must not contain");
    }
}

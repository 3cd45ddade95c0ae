package io.ringvault.common.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OperationIdTest {

    @Test
    void shouldAcceptIdsOfTheSafeAlphabet() {
        assertThat(OperationId.isValid("3f6c1d2e-8b4a-4c7e-9a51-0d2e7b6f4a18")).isTrue();
        assertThat(OperationId.isValid("nightly-2026-11-21")).isTrue();
        assertThat(OperationId.isValid("a")).isTrue();
        assertThat(OperationId.isValid("shop:prod_1.2")).isTrue();
        assertThat(OperationId.isValid("x".repeat(OperationId.MAX_LENGTH))).isTrue();
    }

    /** Ids become object keys, file names and URL segments: nothing that could leave its place. */
    @Test
    void shouldRefuseWhatCouldEscapeAKeyOrAPath() {
        assertThat(OperationId.isValid(null)).isFalse();
        assertThat(OperationId.isValid("")).isFalse();
        assertThat(OperationId.isValid("x".repeat(OperationId.MAX_LENGTH + 1))).isFalse();
        assertThat(OperationId.isValid("-starts-with-a-dash")).isFalse();
        assertThat(OperationId.isValid(".hidden")).isFalse();
        assertThat(OperationId.isValid("a/b")).isFalse();
        assertThat(OperationId.isValid("nightly 1")).isFalse();
        assertThat(OperationId.isValid("é")).isFalse();
    }

    @Test
    void shouldNameTheFieldAndTheValueItRefuses() {
        assertThat(OperationId.require("op-1", "backupId")).isEqualTo("op-1");
        assertThatThrownBy(() -> OperationId.require("a/b", "backupId"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backupId 'a/b'")
                .hasMessageContaining(OperationId.RULE);
    }

    /** The payloads check their ids with the same rule. */
    @Test
    void shouldBeTheRuleOfThePayloads() {
        assertThatThrownBy(() -> new CancelRequested("a/b", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operationId 'a/b'");
        assertThat(new CancelRequested("op-1", null).operationId()).isEqualTo("op-1");
    }
}

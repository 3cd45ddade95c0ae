package io.ringvault.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void shouldPadColumnsToTheWidestCellAndShowNullsAsDashes() {
        Table table = new Table("ID", "STATE").row("a-long-id", "RUNNING").row("b", null);

        assertThat(table.lines(" ")).containsExactly(" ID         STATE", " a-long-id  RUNNING", " b          -");
    }

    @Test
    void shouldRefuseARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}

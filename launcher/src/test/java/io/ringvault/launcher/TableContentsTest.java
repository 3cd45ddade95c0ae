package io.ringvault.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TableContentsTest {
    private final TableContents original = new TableContents("ks.t", Map.of("01/", "aa", "02/", "bb", "03/", "cc"));

    @Test
    void identicalRowsHaveNoDifference() {
        assertThat(new TableContents("ks.t", Map.of("03/", "cc", "01/", "aa", "02/", "bb")).differencesFrom(original))
                .isEmpty();
    }

    @Test
    void namesMissingExtraAndChangedRowsWithTheirKeys() {
        TableContents restored = new TableContents("ks.t", Map.of("01/", "aa", "02/", "XX", "04/", "dd"));

        assertThat(restored.differencesFrom(original))
                .containsExactly(
                        "ks.t: 1 rows missing, for example the rows with key bytes [03/]",
                        "ks.t: 1 rows not in the original, for example the rows with key bytes [04/]",
                        "ks.t: 1 rows with different values, for example the rows with key bytes [02/]");
    }

    @Test
    void anEmptyTableAfterTheRestoreMissesEveryRow() {
        assertThat(new TableContents("ks.t", Map.of()).differencesFrom(original))
                .singleElement()
                .asString()
                .startsWith("ks.t: 3 rows missing");
    }
}

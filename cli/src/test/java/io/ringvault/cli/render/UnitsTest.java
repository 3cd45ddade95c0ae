package io.ringvault.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    @Test
    void shouldShowBytesInBinaryUnitsWithOneDecimal() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(KIB)).isEqualTo("1.0 KiB");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(1_258_291)).isEqualTo("1.2 MiB");
        assertThat(Units.bytes(5 * MIB)).isEqualTo("5.0 MiB");
        assertThat(Units.bytes(3 * 1024 * 1024 * MIB)).isEqualTo("3.0 TiB");
        assertThat(Units.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void shouldMoveUpAUnitRatherThanShow1024() {
        assertThat(Units.bytes(MIB - 1)).isEqualTo("1.0 MiB");
        assertThat(Units.bytes(1023 * KIB)).isEqualTo("1023.0 KiB");
    }

    @Test
    void shouldShowRatesPerSecondAndQuestionMarkWhenUnknown() {
        assertThat(Units.rate(2_202_009.6)).isEqualTo("2.1 MiB/s");
        assertThat(Units.rate(512.4)).isEqualTo("512 B/s");
        assertThat(Units.rate(0.0)).isEqualTo("0 B/s");
        assertThat(Units.rate(null)).isEqualTo("?/s");
        assertThat(Units.rate(Double.NaN)).isEqualTo("?/s");
    }

    @Test
    void shouldShowDurationsShortly() {
        assertThat(Units.duration(0L)).isEqualTo("0s");
        assertThat(Units.duration(2L)).isEqualTo("2s");
        assertThat(Units.duration(65L)).isEqualTo("1m05s");
        assertThat(Units.duration(7380L)).isEqualTo("2h03m");
        assertThat(Units.duration(2 * 86_400L + 4 * 3600L)).isEqualTo("2d04h");
        assertThat(Units.duration(null)).isEqualTo("?");
        assertThat(Units.duration(-1L)).isEqualTo("?");
    }

    @Test
    void shouldShowQuestionMarksForTotalsNotKnownYet() {
        assertThat(Units.count(10, 40)).isEqualTo("10/40");
        assertThat(Units.count(10, 0)).isEqualTo("10/?");
        assertThat(Units.byteCount(1536, 0)).isEqualTo("1.5 KiB/?");
        assertThat(Units.byteCount(1536, 3 * KIB)).isEqualTo("1.5 KiB/3.0 KiB");
        assertThat(Units.percent(0, 0, 0, 0)).isEqualTo("?");
    }

    @Test
    void shouldComputePercentByBytesElseByFilesNeverAbove100() {
        assertThat(Units.percent(1, 4, 3, 4)).isEqualTo("75%");
        assertThat(Units.percent(1, 4, 5, 0)).isEqualTo("25%");
        assertThat(Units.percent(0, 0, 9, 4)).isEqualTo("100%");
        assertThat(Units.percent(0, 0, 399, 400)).isEqualTo("99%");
    }
}

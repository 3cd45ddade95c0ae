package io.ringvault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.agent.api.SnapshotFilesController.ByteRange;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void shouldServeTheWholeFileWithoutARange() {
        ByteRange range = ByteRange.parse(null, 1000);
        assertThat(range.first()).isZero();
        assertThat(range.length()).isEqualTo(1000);
        assertThat(range.partial()).isFalse();
    }

    @Test
    void shouldServeFromAnOffsetToTheEnd() {
        ByteRange range = ByteRange.parse("bytes=100-", 1000);
        assertThat(range.first()).isEqualTo(100);
        assertThat(range.length()).isEqualTo(900);
        assertThat(range.contentRange()).isEqualTo("bytes 100-999/1000");
    }

    @Test
    void shouldServeAClosedRangeAndClipItsEndToTheFile() {
        assertThat(ByteRange.parse("bytes=10-19", 1000).contentRange()).isEqualTo("bytes 10-19/1000");
        assertThat(ByteRange.parse("bytes=990-5000", 1000).contentRange()).isEqualTo("bytes 990-999/1000");
    }

    @Test
    void shouldServeASuffix() {
        assertThat(ByteRange.parse("bytes=-10", 1000).contentRange()).isEqualTo("bytes 990-999/1000");
        assertThat(ByteRange.parse("bytes=-5000", 1000).contentRange()).isEqualTo("bytes 0-999/1000");
    }

    @Test
    void shouldRefuseWhatCannotBeServed() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=1000-", 1000)).hasMessageContaining("outside");
        assertThatThrownBy(() -> ByteRange.parse("bytes=20-10", 1000)).hasMessageContaining("outside");
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-1,5-6", 1000)).hasMessageContaining("only one range");
        assertThatThrownBy(() -> ByteRange.parse("items=0-1", 1000)).hasMessageContaining("only one range");
        assertThatThrownBy(() -> ByteRange.parse("bytes=a-", 1000)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> ByteRange.parse("bytes=5", 1000)).hasMessageContaining("malformed");
    }
}

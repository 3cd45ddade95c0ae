package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandwidthTest {
    @Test
    void shouldPassEveryByteThroughUnchanged() throws IOException {
        byte[] bytes = new byte[3 * 1024 * 1024 + 5];
        new Random(3).nextBytes(bytes);
        Bandwidth limited = Bandwidth.of(512L * 1024 * 1024);
        assertThat(limited.limited()).isTrue();
        try (InputStream in = limited.throttle(new ByteArrayInputStream(bytes))) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void shouldNotWrapWithoutALimit() {
        InputStream in = InputStream.nullInputStream();
        assertThat(Bandwidth.of(0).limited()).isFalse();
        assertThat(Bandwidth.of(0).throttle(in)).isSameAs(in);
    }
}

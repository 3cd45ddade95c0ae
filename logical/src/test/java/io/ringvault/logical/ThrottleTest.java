package io.ringvault.logical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottleTest {
    @Test
    void shouldHoldCallersToTheRate() throws InterruptedException {
        Throttle throttle = new Throttle(1000);
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            throttle.acquire(10);
        }
        // 300 permits at 1000 per second: at least 0.29 s (the first batch passes at once).
        assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.28);
    }

    @Test
    void shouldNotWaitWithoutALimit() throws InterruptedException {
        Throttle throttle = new Throttle(0);
        long start = System.nanoTime();
        throttle.acquire(1_000_000);

        assertThat(throttle.unlimited()).isTrue();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.1);
    }
}

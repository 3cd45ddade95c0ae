package io.ringvault.coordinator.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts a refusal the way a client sees it: the stable reason code, the HTTP status, a message naming the problem. */
final class Refusals {
    private Refusals() {}

    static void assertRefused(ThrowingCallable request, String reason, int status, String... named) {
        assertThatThrownBy(request).isInstanceOfSatisfying(RequestRejectedException.class, refused -> {
            assertThat(refused.reason().code()).isEqualTo(reason);
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.getMessage()).contains(named);
        });
    }
}

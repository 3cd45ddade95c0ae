package io.ringvault.uploader.upload;

import java.util.function.Supplier;

/**
 * A value computed by the first thread that needs it, while the others wait for it. A computation that throws is not
 * kept: the next caller tries again.
 */
final class Once<T> {
    private Supplier<T> supplier;
    private T value;

    Once(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    synchronized T get() {
        if (supplier != null) {
            value = supplier.get();
            supplier = null;
        }
        return value;
    }
}

package io.ringvault.connections.tls;

import java.util.function.Supplier;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/** Builds an SSL bundle from PEM material, turning a parse failure into one message that names the files. */
final class TlsMaterial {
    private TlsMaterial() {}

    static SslBundle bundle(Supplier<SslStoreBundle> stores, String files) {
        try {
            SslStoreBundle built = stores.get();
            // The stores are loaded lazily: load them here, so that a bad file fails now and not at the first
            // handshake.
            built.getKeyStore();
            built.getTrustStore();
            return SslBundle.of(built);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot use the TLS material (" + files + "): " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}

package io.ringvault.storage.crypto;

import io.ringvault.storage.StorageProperties;

/** The key encryption keys {@code ringvault.storage.encryption.*} configures. */
public final class Encryptions {
    private Encryptions() {}

    /**
     * The keys of {@code settings}, which must be {@linkplain StorageProperties.Encryption#enabled() enabled}.
     *
     * @throws io.ringvault.storage.StorageException INVALID_REQUEST when they cannot be loaded
     */
    public static KeyEncryptionKeys keys(StorageProperties.Encryption settings) {
        if (settings.keyFile() != null) {
            return KeyFileKeys.load(settings.keyFile(), settings.previousKeyFiles());
        }
        if (settings.keystore() != null) {
            return KeystoreKeys.load(settings.keystore(), settings.keystorePassword(), settings.keyId());
        }
        throw new IllegalArgumentException("encryption is not enabled");
    }
}

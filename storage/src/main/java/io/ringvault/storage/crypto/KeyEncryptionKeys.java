package io.ringvault.storage.crypto;

/**
 * The key encryption keys (KEKs) of client-side envelope encryption: each object is encrypted with a data key of its
 * own, and only the data key, wrapped by a KEK, is stored with the object (in its header). The KEK never leaves this
 * interface.
 *
 * <p>Rotation: {@link #wrap} always uses the current key; {@link #unwrap} takes any key the implementation still holds,
 * so objects written under an older key keep restoring for as long as that key is configured.
 *
 * <p>Implementations: {@link KeyFileKeys} (key files of 32 random bytes) and {@link KeystoreKeys} (a PKCS#12 keystore).
 * A KMS is {@link KmsKeyEncryptionKeys}, an extension point with no implementation here.
 *
 * <p>Failures are {@link io.ringvault.storage.StorageException}s; their messages name key ids, never key material.
 */
public interface KeyEncryptionKeys {

    /** A data key wrapped by the KEK {@code keyId}. */
    record WrappedKey(String keyId, byte[] wrapped) {
        @Override
        public String toString() {
            return "WrappedKey[keyId=" + keyId + ", " + wrapped.length + " bytes]";
        }
    }

    /** The id of the key new objects are encrypted under (recorded in each object's header and in manifests). */
    String currentKeyId();

    /** Wraps a 32-byte data key with the current key. */
    WrappedKey wrap(byte[] dataKey);

    /**
     * The data key {@code wrapped} by the key {@code keyId}.
     *
     * @throws io.ringvault.storage.StorageException INVALID_REQUEST when no key of that id is configured (an operator
     *     must give it), CHECKSUM_MISMATCH when the wrapped key does not unwrap (tampered, or another key of that id)
     */
    byte[] unwrap(String keyId, byte[] wrapped);

    /** What the keys are, for logs: ids and where they come from, never their bytes or passwords. */
    String describe();
}

package io.ringvault.storage.crypto;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES key wrap (RFC 3394, {@code AES/KW/NoPadding}) of 32-byte data keys with AES-256 KEKs held in this process: the
 * wrap carries its own integrity check, so a tampered wrapped key, or one wrapped by another key, does not unwrap.
 */
final class AesKeyWrap implements KeyEncryptionKeys {
    private static final String ALGORITHM = "AES/KW/NoPadding";

    private final String current;
    /** Key id to KEK; never printed. */
    private final Map<String, SecretKey> keys;

    private final String source;

    /**
     * @param current the id of the key that wraps
     * @param keys every key that unwraps, by id (the current one included)
     * @param source where the keys come from, for {@link #describe} (a path, never a password)
     */
    AesKeyWrap(String current, Map<String, SecretKey> keys, String source) {
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("the current key " + current + " is not among the keys");
        }
        this.current = current;
        this.keys = Map.copyOf(keys);
        this.source = source;
    }

    /** An AES-256 key of raw bytes, refusing any other length. */
    static SecretKey aes256(byte[] raw, String what) {
        if (raw.length != EnvelopeFormat.KEY_BYTES) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    what + " is not an AES-256 key: " + raw.length + " bytes, 32 are needed");
        }
        return new SecretKeySpec(raw, "AES");
    }

    @Override
    public String currentKeyId() {
        return current;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        try {
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(Cipher.WRAP_MODE, keys.get(current));
            return new WrappedKey(current, cipher.wrap(new SecretKeySpec(dataKey, "AES")));
        } catch (GeneralSecurityException e) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "could not wrap a data key with key " + current + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "no key encryption key '" + keyId + "' is configured (" + describe() + ")");
        }
        try {
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(Cipher.UNWRAP_MODE, key);
            return cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (InvalidKeyException e) {
            // The wrap's integrity check failed: the wrapped key was altered, or another key of that id wrapped it.
            throw new StorageException(
                    FailureReason.CHECKSUM_MISMATCH, "the data key does not unwrap with key '" + keyId + "'");
        } catch (GeneralSecurityException e) {
            throw new StorageException(
                    FailureReason.CHECKSUM_MISMATCH,
                    "the data key does not unwrap with key '" + keyId + "': "
                            + e.getClass().getSimpleName());
        }
    }

    @Override
    public String describe() {
        return source + ", current key " + current + ", keys " + new java.util.TreeSet<>(keys.keySet());
    }

    @Override
    public String toString() {
        return "KeyEncryptionKeys[" + describe() + "]";
    }
}

package io.ringvault.storage.crypto;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The format of an encrypted object, version 1 (docs/security.md, "Client-side encryption"):
 *
 * <pre>
 * header, {@value #HEADER_BYTES} bytes:
 *   0  magic "RVENC\0" (6 bytes)   6  format version (1)   7  0
 *   8  chunk size (int32, {@value #CHUNK_BYTES})   12  base nonce (12 random bytes)
 *   24 key id length (uint16), key id (UTF-8); wrapped data key length (uint16), wrapped data key; zeros to the end
 * chunks: the plaintext in chunks of {@value #CHUNK_BYTES} bytes (the last one shorter, and one empty chunk for an
 *   empty object), each AES-256-GCM under the object's data key: its ciphertext and its 16-byte tag
 * </pre>
 *
 * <p>Chunk {@code i}'s nonce is the base nonce with its last 8 bytes XORed with {@code i}; its additional authenticated
 * data is the SHA-256 of the header, {@code i} (int64), a last-chunk flag (1 byte) and the object's key (UTF-8). So
 * any change to the header, a chunk moved, dropped or appended, an object cut at any point (the chunk before the cut
 * is not flagged last) or the bytes of another object put under this key all fail authentication.
 *
 * <p>The header has a fixed size, so the stored size of an object is a function of its plaintext size and back
 * ({@link #encryptedSize}, {@link #plainSize}): listings give plaintext sizes without reading anything.
 */
public final class EnvelopeFormat {
    public static final int HEADER_BYTES = 1024;
    public static final int CHUNK_BYTES = 64 * 1024;
    public static final int TAG_BYTES = 16;
    public static final int NONCE_BYTES = 12;
    public static final int KEY_BYTES = 32;
    public static final int MAX_KEY_ID_BYTES = 255;
    /** Room for an RSA-4096 wrap or a KMS ciphertext blob; AES key wrap of a 32-byte key takes 40. */
    public static final int MAX_WRAPPED_KEY_BYTES = 700;

    static final int VERSION = 1;
    private static final byte[] MAGIC = {'R', 'V', 'E', 'N', 'C', 0};

    private EnvelopeFormat() {}

    /** The stored size of {@code plainSize} bytes of plaintext. */
    public static long encryptedSize(long plainSize) {
        return HEADER_BYTES + plainSize + (long) TAG_BYTES * chunks(plainSize);
    }

    /** The plaintext size of an object stored in {@code encryptedSize} bytes, or -1 when no plaintext has that size. */
    public static long plainSize(long encryptedSize) {
        long body = encryptedSize - HEADER_BYTES;
        if (body < TAG_BYTES) {
            return -1;
        }
        long chunks = (body + CHUNK_BYTES + TAG_BYTES - 1) / (CHUNK_BYTES + TAG_BYTES);
        long plain = body - chunks * TAG_BYTES;
        return plain >= 0 && chunks(plain) == chunks ? plain : -1;
    }

    /** How many chunks {@code plainSize} bytes take: at least one (an empty object has one empty chunk). */
    static long chunks(long plainSize) {
        return Math.max(1, (plainSize + CHUNK_BYTES - 1) / CHUNK_BYTES);
    }

    /** Where chunk {@code index} starts in the stored object. */
    static long chunkOffset(long index) {
        return HEADER_BYTES + index * (CHUNK_BYTES + TAG_BYTES);
    }

    /** Chunk {@code index}'s nonce. */
    static byte[] nonce(byte[] base, long index) {
        byte[] nonce = base.clone();
        for (int i = 0; i < 8; i++) {
            nonce[NONCE_BYTES - 1 - i] ^= (byte) (index >>> (8 * i));
        }
        return nonce;
    }

    /** Chunk {@code index}'s additional authenticated data. */
    static byte[] aad(byte[] headerDigest, long index, boolean last, byte[] objectKey) {
        return ByteBuffer.allocate(headerDigest.length + 8 + 1 + objectKey.length)
                .put(headerDigest)
                .putLong(index)
                .put((byte) (last ? 1 : 0))
                .put(objectKey)
                .array();
    }

    /** An object's header: the KEK's id, the wrapped data key, the base nonce, and its bytes as stored. */
    record Header(String keyId, byte[] wrappedKey, byte[] baseNonce, byte[] bytes) {
        static Header create(KeyEncryptionKeys.WrappedKey wrapped, byte[] baseNonce) {
            byte[] id = wrapped.keyId().getBytes(StandardCharsets.UTF_8);
            if (id.length == 0 || id.length > MAX_KEY_ID_BYTES) {
                throw new StorageException(
                        FailureReason.INVALID_REQUEST,
                        "a key id takes 1 to " + MAX_KEY_ID_BYTES + " bytes, not " + id.length);
            }
            if (wrapped.wrapped().length > MAX_WRAPPED_KEY_BYTES) {
                throw new StorageException(
                        FailureReason.INVALID_REQUEST,
                        "a wrapped data key takes at most " + MAX_WRAPPED_KEY_BYTES + " bytes, not "
                                + wrapped.wrapped().length);
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES)
                    .put(MAGIC)
                    .put((byte) VERSION)
                    .put((byte) 0)
                    .putInt(CHUNK_BYTES)
                    .put(baseNonce)
                    .putShort((short) id.length)
                    .put(id)
                    .putShort((short) wrapped.wrapped().length)
                    .put(wrapped.wrapped());
            return new Header(wrapped.keyId(), wrapped.wrapped(), baseNonce, header.array());
        }

        /**
         * Parses a stored header.
         *
         * @throws StorageException CHECKSUM_MISMATCH, naming {@code objectKey}, for bytes that are not a version 1
         *     header
         */
        static Header parse(String objectKey, byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt(objectKey, "it does not start as an encrypted object does (no RVENC header)");
            }
            int version = in.get();
            in.get();
            if (version != VERSION) {
                throw corrupt(objectKey, "its format version is " + version + ", this ringvault reads " + VERSION);
            }
            int chunk = in.getInt();
            if (chunk != CHUNK_BYTES) {
                throw corrupt(objectKey, "its chunk size is " + chunk + ", format version 1 has " + CHUNK_BYTES);
            }
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            int idLength = Short.toUnsignedInt(in.getShort());
            if (idLength == 0 || idLength > MAX_KEY_ID_BYTES) {
                throw corrupt(objectKey, "its header names no valid key id");
            }
            byte[] id = new byte[idLength];
            in.get(id);
            int wrappedLength = Short.toUnsignedInt(in.getShort());
            if (wrappedLength == 0 || wrappedLength > MAX_WRAPPED_KEY_BYTES) {
                throw corrupt(objectKey, "its header holds no valid wrapped data key");
            }
            byte[] wrapped = new byte[wrappedLength];
            in.get(wrapped);
            return new Header(new String(id, StandardCharsets.UTF_8), wrapped, nonce, bytes);
        }

        byte[] digest() {
            return Checksums.sha256().digest(bytes);
        }

        @Override
        public String toString() {
            return "Header[keyId=" + keyId + "]";
        }
    }

    /** The failure of an object whose bytes are not what was stored: tampered, truncated or swapped. */
    static StorageException corrupt(String objectKey, String why) {
        return new StorageException(
                FailureReason.CHECKSUM_MISMATCH,
                "the encrypted object " + objectKey + " is corrupt, truncated or not ringvault's: " + why);
    }
}

package io.ringvault.storage.crypto;

import static io.ringvault.storage.crypto.EnvelopeFormat.CHUNK_BYTES;
import static io.ringvault.storage.crypto.EnvelopeFormat.HEADER_BYTES;
import static io.ringvault.storage.crypto.EnvelopeFormat.TAG_BYTES;
import static io.ringvault.storage.crypto.EnvelopeFormat.corrupt;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.Content;
import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import io.ringvault.storage.crypto.EnvelopeFormat.Header;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client-side envelope encryption of every object of another store: each object gets a random AES-256 data key,
 * wrapped by the current key encryption key ({@link KeyEncryptionKeys}) and kept in the object's header, and its bytes
 * are stored as AES-256-GCM chunks ({@link EnvelopeFormat}). Streaming both ways: memory is two chunks per transfer,
 * whatever the object's size.
 *
 * <p>The checksum this store records and reports ({@link StoredObject#checksum()}) is the SHA-256 of the plaintext,
 * computed while encrypting and recorded by the inner store in place of its own digest of the ciphertext
 * ({@link ObjectStore#put(String, InputStream, long, Supplier)}): manifests keep the same checksums whether a backup is
 * encrypted or not, and a differential backup reuses an object whatever key it was encrypted under. Sizes (head, list,
 * walk) are plaintext sizes, computed from the stored sizes.
 *
 * <p>A read authenticates every chunk before giving out its bytes: a tampered, truncated, extended or swapped object
 * fails with {@link FailureReason#CHECKSUM_MISMATCH}, naming the object. An object encrypted under a key that is not
 * configured fails with {@link FailureReason#INVALID_REQUEST}, naming the key id. Object keys (names) and sizes are not
 * encrypted.
 */
public final class EncryptingObjectStore implements ObjectStore {
    private static final int TAG_BITS = TAG_BYTES * 8;
    private static final String CIPHER = "AES/GCM/NoPadding";

    private final ObjectStore inner;
    private final KeyEncryptionKeys keys;
    private final SecureRandom random = new SecureRandom();

    public EncryptingObjectStore(ObjectStore inner, KeyEncryptionKeys keys) {
        this.inner = inner;
        this.keys = keys;
    }

    /** The id of the key new objects are encrypted under. */
    public String currentKeyId() {
        return keys.currentKeyId();
    }

    @Override
    public Optional<String> encryptionKeyId() {
        return Optional.of(keys.currentKeyId());
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        Content plain = new Content(key, content, size);
        byte[] dataKey = new byte[EnvelopeFormat.KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[EnvelopeFormat.NONCE_BYTES];
        random.nextBytes(nonce);
        Encryptor encryptor;
        try {
            encryptor = new Encryptor(key, Header.create(keys.wrap(dataKey), nonce), dataKey, plain);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
        try {
            StoredObject stored =
                    inner.put(key, encryptor, EnvelopeFormat.encryptedSize(size), encryptor::plaintextChecksum);
            return new StoredObject(key, size, stored.checksum());
        } catch (StorageException e) {
            // The inner store wraps what our stream threw as a failure of its source; the caller wants the original
            // (a size mismatch, or the failure of the caller's own content).
            throw encryptor.failure != null ? encryptor.failure : e;
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        return inner.head(key).map(EncryptingObjectStore::plain);
    }

    @Override
    public Optional<List<StoredObject>> list(String directory, int atMost) {
        return inner.list(directory, atMost)
                .map(objects ->
                        objects.stream().map(EncryptingObjectStore::plain).toList());
    }

    @Override
    public void walk(String prefix, Consumer<ListedObject> visitor) {
        inner.walk(
                prefix,
                object -> visitor.accept(
                        new ListedObject(object.key(), plainSizeOr(object.size()), object.lastModified())));
    }

    /**
     * The plaintext from {@code offset} on. From 0, one read of the stored object. From further on, the stored object's
     * size is looked up first (to refuse an offset beyond the end), and the chunks before the one holding the offset
     * are skipped unread in the same stream: the header must be read anyway, and on S3 closing a stream early reads it
     * to its end. The first chunk is authenticated before this returns.
     */
    @Override
    public InputStream get(String key, long offset) {
        if (offset < 0) {
            throw new StorageException(FailureReason.INVALID_REQUEST, "negative offset " + offset + " in " + key);
        }
        long chunk = 0;
        int within = 0;
        if (offset > 0) {
            long storedSize = inner.head(key)
                    .orElseThrow(() -> new StorageException(FailureReason.OBJECT_NOT_FOUND, "no object " + key))
                    .size();
            long size = EnvelopeFormat.plainSize(storedSize);
            if (size < 0) {
                throw corrupt(key, "its size, " + storedSize + " bytes, is no encrypted object's");
            }
            if (offset > size) {
                throw new StorageException(
                        FailureReason.INVALID_REQUEST,
                        "offset " + offset + " is outside " + key + " (" + size + " bytes)");
            }
            chunk = offset / CHUNK_BYTES;
            within = (int) (offset % CHUNK_BYTES);
            if (within == 0 && offset == size) {
                // At the very end on a chunk boundary: read the last chunk (authenticated, flagged last) to its end.
                chunk--;
                within = CHUNK_BYTES;
            }
        }
        InputStream stored = inner.get(key, 0);
        try {
            Decryptor decryptor = decryptor(key, stored);
            decryptor.skipChunks(chunk);
            decryptor.open(within);
            return decryptor;
        } catch (IOException | RuntimeException e) {
            closeQuietly(stored);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StorageException(FailureReason.IO_ERROR, "read " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        return inner.getSmall(key).map(bytes -> {
            try (Decryptor decryptor = decryptor(key, new ByteArrayInputStream(bytes))) {
                decryptor.open(0);
                return decryptor.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("reading from memory", e);
            }
        });
    }

    @Override
    public void delete(String key) {
        inner.delete(key);
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        inner.deleteAll(keys);
    }

    @Override
    public String describe() {
        return inner.describe() + ", encrypted (" + keys.describe() + ")";
    }

    @Override
    public String toString() {
        return "EncryptingObjectStore[" + describe() + "]";
    }

    @Override
    public void close() {
        inner.close();
    }

    private static StoredObject plain(StoredObject stored) {
        long size = EnvelopeFormat.plainSize(stored.size());
        // A size no encrypted object has: not ringvault's, or cut short. Reported as it is, without a checksum, so a
        // differential backup stores the file again and a verification compares the size and fails.
        return size < 0
                ? new StoredObject(stored.key(), stored.size(), null)
                : new StoredObject(stored.key(), size, stored.checksum());
    }

    private static long plainSizeOr(long stored) {
        long size = EnvelopeFormat.plainSize(stored);
        return size < 0 ? stored : size;
    }

    /** Reads and checks the header at the start of {@code stored}, and unwraps the data key. */
    private Decryptor decryptor(String key, InputStream stored) throws IOException {
        byte[] bytes = stored.readNBytes(HEADER_BYTES);
        if (bytes.length < HEADER_BYTES) {
            throw corrupt(key, "it is shorter than an encrypted object's header (" + bytes.length + " bytes)");
        }
        Header header = Header.parse(key, bytes);
        byte[] dataKey;
        try {
            dataKey = keys.unwrap(header.keyId(), header.wrappedKey());
        } catch (StorageException e) {
            if (e.reason() == FailureReason.CHECKSUM_MISMATCH) {
                throw corrupt(key, e.getMessage());
            }
            // An operator must configure the key (or the header's key id was altered: the two look alike).
            throw new StorageException(
                    e.reason(),
                    "cannot decrypt " + key + ", encrypted under key '" + header.keyId() + "': " + e.getMessage(),
                    e);
        }
        try {
            return new Decryptor(key, header, new SecretKeySpec(dataKey, "AES"), stored);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance(CIPHER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + CIPHER, e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // Already failing; the first failure is the one to report.
        }
    }

    /** The stored bytes of one object: the header, then the caller's content encrypted chunk by chunk as it is read. */
    private static final class Encryptor extends InputStream {
        private final byte[] objectKey;
        private final byte[] headerDigest;
        private final byte[] baseNonce;
        private final SecretKey dataKey;
        private final Content plain;
        private final Cipher cipher = cipher();
        private final byte[] plainChunk = new byte[CHUNK_BYTES];
        private byte[] out;
        private int position;
        private int limit;
        private long index;
        private boolean lastWritten;
        private String checksum;
        /** What this stream threw, to be rethrown as it is rather than as the inner store's "source failed". */
        private StorageException failure;

        Encryptor(String key, Header header, byte[] dataKey, Content plain) {
            this.objectKey = key.getBytes(StandardCharsets.UTF_8);
            this.headerDigest = header.digest();
            this.baseNonce = header.baseNonce();
            this.dataKey = new SecretKeySpec(dataKey, "AES");
            this.plain = plain;
            this.out = header.bytes();
            this.limit = out.length;
        }

        /** The SHA-256 of the plaintext, once all of it was read. */
        String plaintextChecksum() {
            if (checksum == null) {
                throw new IllegalStateException("the checksum is known once the content is read to its end");
            }
            return checksum;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position == limit) {
                if (lastWritten) {
                    return -1;
                }
                nextChunk();
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(out, position, buffer, offset, n);
            position += n;
            return n;
        }

        private void nextChunk() {
            int length = (int) Math.min(CHUNK_BYTES, plain.remaining());
            try {
                plain.readFully(plainChunk, length);
                boolean last = plain.remaining() == 0;
                if (last) {
                    checksum = plain.finish(); // also checks that the content ends here
                }
                if (out.length != CHUNK_BYTES + TAG_BYTES) {
                    out = new byte[CHUNK_BYTES + TAG_BYTES];
                }
                cipher.init(
                        Cipher.ENCRYPT_MODE,
                        dataKey,
                        new GCMParameterSpec(TAG_BITS, EnvelopeFormat.nonce(baseNonce, index)));
                cipher.updateAAD(EnvelopeFormat.aad(headerDigest, index, last, objectKey));
                limit = cipher.doFinal(plainChunk, 0, length, out, 0);
                position = 0;
                index++;
                lastWritten = last;
            } catch (StorageException e) {
                failure = e;
                throw e;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
        }
    }

    /** The plaintext of one stored object, each chunk authenticated before any of its bytes is given out. */
    private static final class Decryptor extends InputStream {
        private final String key;
        private final byte[] objectKey;
        private final byte[] headerDigest;
        private final byte[] baseNonce;
        private final SecretKey dataKey;
        private final InputStream stored;
        private final Cipher cipher = cipher();
        private final byte[] sealed = new byte[CHUNK_BYTES + TAG_BYTES];
        private final byte[] plain = new byte[CHUNK_BYTES];
        private int pending = -1;
        private int position;
        private int limit;
        private long index;
        private boolean last;

        Decryptor(String key, Header header, SecretKey dataKey, InputStream stored) {
            this.key = key;
            this.objectKey = key.getBytes(StandardCharsets.UTF_8);
            this.headerDigest = header.digest();
            this.baseNonce = header.baseNonce();
            this.dataKey = dataKey;
            this.stored = stored;
        }

        /** Skips {@code chunks} whole chunks unread: the reader starts at chunk {@code chunks}. */
        void skipChunks(long chunks) throws IOException {
            long bytes = chunks * (CHUNK_BYTES + TAG_BYTES);
            try {
                stored.skipNBytes(bytes);
            } catch (java.io.EOFException e) {
                throw corrupt(key, "it ends before chunk " + chunks);
            }
            index = chunks;
        }

        /** Reads and authenticates the first chunk, and skips {@code within} bytes of it. */
        void open(int within) throws IOException {
            nextChunk();
            if (within > limit) {
                throw new StorageException(FailureReason.INVALID_REQUEST, "the offset is outside " + key);
            }
            position = within;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == limit) {
                if (last) {
                    return -1;
                }
                nextChunk();
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(plain, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return limit - position;
        }

        private void nextChunk() throws IOException {
            int length = 0;
            if (pending >= 0) {
                sealed[length++] = (byte) pending;
                pending = -1;
            }
            length += stored.readNBytes(sealed, length, sealed.length - length);
            // The last chunk is the one the object ends with: a full chunk is looked past by one byte to know.
            boolean ends = length < sealed.length || (pending = stored.read()) < 0;
            if (length < TAG_BYTES) {
                throw corrupt(key, "it ends inside chunk " + index);
            }
            try {
                cipher.init(
                        Cipher.DECRYPT_MODE,
                        dataKey,
                        new GCMParameterSpec(TAG_BITS, EnvelopeFormat.nonce(baseNonce, index)));
                cipher.updateAAD(EnvelopeFormat.aad(headerDigest, index, ends, objectKey));
                limit = cipher.doFinal(sealed, 0, length, plain, 0);
            } catch (AEADBadTagException e) {
                throw corrupt(
                        key,
                        "chunk " + index + " fails authentication (altered, cut short, moved or another object's"
                                + " bytes)");
            } catch (GeneralSecurityException e) {
                throw corrupt(
                        key,
                        "chunk " + index + " cannot be decrypted: "
                                + e.getClass().getSimpleName());
            }
            position = 0;
            index++;
            last = ends;
        }

        @Override
        public void close() throws IOException {
            stored.close();
        }
    }
}

package io.ringvault.storage;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * Reads the caller's content for {@code put}: exactly the announced size, digested on the way (or as a
 * {@linkplain #stream() stream} for a writer that digests it), with the caller's failures told apart from the store's
 * ({@link StorageException#source}). Public for the stores in sub-packages ({@code gcs}, {@code azure}); not a
 * contract of its own.
 */
public final class Content {
    private final String key;
    private final InputStream in;
    private final long size;
    private final MessageDigest digest = Checksums.sha256();
    private final Supplier<String> recorded;
    private long read;

    public Content(String key, InputStream in, long size) {
        this(key, in, size, null);
    }

    /**
     * Content whose checksum, as {@link #finish} and {@link #checksum} give it, is {@code recorded.get()} (asked once the
     * content is read to its end) rather than the SHA-256 of the bytes read: see
     * {@link ObjectStore#put(String, InputStream, long, Supplier)}. Null records the SHA-256 of the bytes.
     */
    public Content(String key, InputStream in, long size, Supplier<String> recorded) {
        if (size < 0) {
            throw new StorageException(FailureReason.INVALID_REQUEST, "negative size for " + key + ": " + size);
        }
        this.key = key;
        this.in = in;
        this.size = size;
        this.recorded = recorded;
    }

    public long remaining() {
        return size - read;
    }

    /**
     * Fills {@code buffer[0..length)} completely (length must not exceed {@link #remaining()}), updating the digest.
     *
     * @throws StorageException SIZE_MISMATCH if the content ends early, SOURCE if reading it fails
     */
    public void readFully(byte[] buffer, int length) {
        int filled = 0;
        while (filled < length) {
            filled += readSome(buffer, filled, length - filled, read + filled);
        }
        digest.update(buffer, 0, length);
        read += length;
    }

    /**
     * The content as a stream of exactly the announced size, for a writer that computes the checksum itself (nothing
     * is digested here, so {@link #finish} is not for it): the stream ends after {@code size} bytes once it has checked
     * that the caller's content ends there too. Its failures are {@link #readFully}'s and {@link #finish}'s.
     */
    public InputStream stream() {
        return new InputStream() {
            private boolean ended;

            @Override
            public int read() {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining() == 0) {
                    if (!ended) {
                        requireEnd();
                        ended = true;
                    }
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                int n = readSome(buffer, offset, (int) Math.min(length, remaining()), read);
                read += n;
                return n;
            }
        };
    }

    /** Reads at least one and at most {@code length} bytes; {@code before} is the count read so far, for messages. */
    private int readSome(byte[] buffer, int offset, int length, long before) {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw StorageException.source(
                    "reading the content for " + key + " failed after " + before + " of " + size + " bytes: "
                            + e.getMessage(),
                    e);
        }
        if (n < 0) {
            throw new StorageException(
                    FailureReason.SIZE_MISMATCH,
                    "the content for " + key + " ended after " + before + " bytes; " + size + " were announced");
        }
        return n;
    }

    /**
     * Checks that the content ends where announced and returns its checksum.
     *
     * @throws StorageException SIZE_MISMATCH if there is more
     */
    public String finish() {
        if (read != size) {
            throw new IllegalStateException("finish() before all " + size + " bytes of " + key + " were read");
        }
        requireEnd();
        return recorded == null ? Checksums.format(digest) : recorded.get();
    }

    /**
     * The checksum to record for content a writer read through {@link #stream()} and digested itself ({@code sha256},
     * {@code sha256:<hex>}): that one, or the recorded checksum this content was made with.
     */
    public String checksum(String sha256) {
        return recorded == null ? sha256 : recorded.get();
    }

    /** Checks that the caller's content has nothing after the announced size. */
    private void requireEnd() {
        int next;
        try {
            next = in.read();
        } catch (IOException | RuntimeException e) {
            throw StorageException.source(
                    "reading the end of the content for " + key + " failed: " + e.getMessage(), e);
        }
        if (next >= 0) {
            throw new StorageException(
                    FailureReason.SIZE_MISMATCH,
                    "the content for " + key + " is longer than the " + size + " bytes announced");
        }
    }
}

package io.ringvault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads the caller's content for {@code put}: exactly the announced size, digested on the way, with the caller's
 * failures told apart from the store's ({@link StorageException.Reason#SOURCE}).
 */
final class Content {
    private final String key;
    private final InputStream in;
    private final long size;
    private final MessageDigest digest = Checksums.sha256();
    private long read;

    Content(String key, InputStream in, long size) {
        if (size < 0) {
            throw new StorageException(
                    StorageException.Reason.INVALID_REQUEST, "negative size for " + key + ": " + size);
        }
        this.key = key;
        this.in = in;
        this.size = size;
    }

    long remaining() {
        return size - read;
    }

    /**
     * Fills {@code buffer[0..length)} completely (length must not exceed {@link #remaining()}), updating the digest.
     *
     * @throws StorageException SIZE_MISMATCH if the content ends early, SOURCE if reading it fails
     */
    void readFully(byte[] buffer, int length) {
        int filled = 0;
        while (filled < length) {
            int n;
            try {
                n = in.read(buffer, filled, length - filled);
            } catch (IOException | RuntimeException e) {
                throw new StorageException(
                        StorageException.Reason.SOURCE,
                        "reading the content for " + key + " failed after " + (read + filled) + " of " + size
                                + " bytes: " + e.getMessage(),
                        e);
            }
            if (n < 0) {
                throw new StorageException(
                        StorageException.Reason.SIZE_MISMATCH,
                        "the content for " + key + " ended after " + (read + filled) + " bytes; " + size
                                + " were announced");
            }
            filled += n;
        }
        digest.update(buffer, 0, length);
        read += length;
    }

    /**
     * Checks that the content ends where announced and returns its checksum.
     *
     * @throws StorageException SIZE_MISMATCH if there is more
     */
    String finish() {
        if (read != size) {
            throw new IllegalStateException("finish() before all " + size + " bytes of " + key + " were read");
        }
        int next;
        try {
            next = in.read();
        } catch (IOException | RuntimeException e) {
            throw new StorageException(
                    StorageException.Reason.SOURCE,
                    "reading the end of the content for " + key + " failed: " + e.getMessage(),
                    e);
        }
        if (next >= 0) {
            throw new StorageException(
                    StorageException.Reason.SIZE_MISMATCH,
                    "the content for " + key + " is longer than the " + size + " bytes announced");
        }
        return Checksums.format(digest);
    }
}

package io.ringvault.storage;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random bytes made on the fly: objects of any size without holding them in memory, and their
 * SHA-256 computed independently by generating them again.
 */
final class GeneratedContent extends InputStream {
    private final SplittableRandom random;
    private final long size;
    private long position;
    private long word;
    private int wordBytes;

    GeneratedContent(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(length, size - position);
        for (int i = 0; i < n; i++) {
            if (wordBytes == 0) {
                word = random.nextLong();
                wordBytes = 8;
            }
            buffer[offset + i] = (byte) word;
            word >>>= 8;
            wordBytes--;
        }
        position += n;
        return n;
    }

    /** {@code sha256:<hex>} of the content, generated again. */
    static String checksum(long seed, long size) {
        return checksum(new GeneratedContent(seed, size));
    }

    /** {@code sha256:<hex>} of a stream, read to its end (and closed). */
    static String checksum(InputStream in) {
        MessageDigest digest = Checksums.sha256();
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    static String checksum(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(Checksums.sha256().digest(bytes));
    }
}

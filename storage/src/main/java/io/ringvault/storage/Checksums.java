package io.ringvault.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The checksum every object carries: SHA-256 of its bytes, written {@code sha256:<lower-case hex>}. */
public final class Checksums {
    /** The algorithm prefix of {@link StoredObject#checksum()}. */
    public static final String PREFIX = "sha256:";

    private Checksums() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code sha256:<hex>} of a finished digest. */
    public static String format(MessageDigest digest) {
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    /** True for a well-formed {@code sha256:<64 hex>} value. */
    public static boolean isValid(String checksum) {
        return checksum != null
                && checksum.length() == PREFIX.length() + 64
                && checksum.startsWith(PREFIX)
                && checksum.substring(PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}

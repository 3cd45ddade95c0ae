package io.ringvault.connections.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PEM file named by a setting: checked when the settings are bound, so that a missing or unreadable file fails the
 * service's start with the setting's name and the path, and read whole when the TLS context is built (PEM files are a
 * few kilobytes).
 */
final class PemFile {
    /** Larger than any certificate chain or key: a bigger file is not PEM material. */
    private static final long MAX_BYTES = 1024 * 1024;

    private PemFile() {}

    /** {@code path}, or null when blank; checked to be a readable file. */
    static String checked(String path, String property) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String stripped = path.strip();
        Path file = Path.of(stripped);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(property + ": no such file " + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(property + ": not a file " + file.toAbsolutePath());
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(property + ": cannot read " + file.toAbsolutePath());
        }
        return stripped;
    }

    /** The file's PEM text. */
    static String read(String path, String property) {
        Path file = Path.of(path);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(property + ": " + file + " is larger than 1 MiB, not a PEM file");
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN ")) {
                throw new IllegalArgumentException(property + ": " + file + " holds no PEM block (-----BEGIN ...)");
            }
            return text;
        } catch (IOException e) {
            throw new IllegalArgumentException(property + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

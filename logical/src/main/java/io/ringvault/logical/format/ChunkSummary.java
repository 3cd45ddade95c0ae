package io.ringvault.logical.format;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a finished chunk file holds: its rows, its size on disk and the SHA-256 of its bytes (hex), the figures a backup
 * records per chunk and a restore checks.
 */
public record ChunkSummary(Path file, long rows, long bytes, String sha256) {
    public ChunkSummary {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}

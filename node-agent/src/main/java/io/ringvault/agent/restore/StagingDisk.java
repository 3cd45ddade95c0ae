package io.ringvault.agent.restore;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File-system chores of the staging area, and how their failures become {@code staging-error}. */
final class StagingDisk {
    private static final Logger LOG = LoggerFactory.getLogger(StagingDisk.class);

    private StagingDisk() {}

    /** The agent could not read or write its staging directory. */
    static RestoreException error(String what, Exception e) {
        return new RestoreException(FailureReason.STAGING_ERROR, what + ": " + e.getMessage(), e);
    }

    /** Removes a directory and everything below it; nothing there is fine. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw error("cannot remove " + directory, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove file={} error={}", file, e.toString());
        }
    }

    static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

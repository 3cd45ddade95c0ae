package io.ringvault.agent.snapshot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of logical exports still running that the agent has announced for upload: while its export runs, a logical
 * backup's record is {@code TAKING}, and the file server serves only the files named here (a chunk being written is
 * never served). Kept in memory: an export does not survive a restart of the agent, and its files are then discarded.
 * Thread-safe: the ranges of a table are exported, and their chunks announced, several at a time.
 */
public final class AnnouncedFiles {
    private final Map<String, Set<Path>> byBackup = new ConcurrentHashMap<>();

    /** Records that {@code file} of the export of {@code backupId} is complete and announced. */
    public void add(String backupId, Path file) {
        byBackup.computeIfAbsent(backupId, id -> ConcurrentHashMap.newKeySet()).add(normalized(file));
    }

    /** Whether {@code file} of the export of {@code backupId} was announced. */
    public boolean contains(String backupId, Path file) {
        Set<Path> files = byBackup.get(backupId);
        return files != null && files.contains(normalized(file));
    }

    /** Forgets the files of {@code backupId}: its export is over, or discarded. */
    public void forget(String backupId) {
        byBackup.remove(backupId);
    }

    private static Path normalized(Path file) {
        return file.toAbsolutePath().normalize();
    }
}

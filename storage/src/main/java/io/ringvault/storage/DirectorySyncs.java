package io.ringvault.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Makes renames durable by syncing their directories, one sync shared by every writer that asked meanwhile (a group
 * commit): writers storing files side by side, in the same table directory, would otherwise queue one directory sync
 * each behind the directory's lock.
 */
final class DirectorySyncs {
    private final Set<Path> pending = new LinkedHashSet<>();
    private long requested;
    private long completed;
    private boolean syncing;
    private IOException lastFailure;
    private long failedUpTo = -1;

    /** Returns once {@code directories} have been synced by a sync that started after this call. */
    void sync(Set<Path> directories) throws IOException {
        long ticket;
        Set<Path> batch;
        synchronized (this) {
            pending.addAll(directories);
            ticket = ++requested;
            while (true) {
                if (completed >= ticket) {
                    if (failedUpTo >= ticket) {
                        throw lastFailure;
                    }
                    return;
                }
                if (!syncing) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while syncing " + directories, e);
                }
            }
            // This writer syncs for everyone who asked so far, itself included.
            syncing = true;
            batch = new LinkedHashSet<>(pending);
            pending.clear();
            ticket = requested;
        }
        IOException failure = null;
        for (Path directory : batch) {
            try {
                syncOne(directory);
            } catch (IOException e) {
                failure = e;
            }
        }
        synchronized (this) {
            syncing = false;
            completed = ticket;
            if (failure != null) {
                lastFailure = failure;
                failedUpTo = ticket;
            }
            notifyAll();
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static void syncOne(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
            // Some filesystems cannot sync a directory (EINVAL, or no directory handle on Windows): the data is synced,
            // the renames are as durable as that filesystem makes them.
        }
    }
}

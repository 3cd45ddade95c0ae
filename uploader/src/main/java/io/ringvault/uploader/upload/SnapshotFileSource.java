package io.ringvault.uploader.upload;

import io.github.resilience4j.core.IntervalFunction;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.FileReady;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Snapshot files from their node agent, streamed over HTTP and resumed with Range requests when the connection drops;
 * or, with {@code directRead}, from the local file when this host can read it (an uploader running beside the node).
 */
public final class SnapshotFileSource implements FileSource, AutoCloseable {
    private final AgentFiles agent;
    private final boolean directRead;
    private final int maxResumes;
    private final IntervalFunction backoff;
    private final Duration idleTimeout;
    private final ScheduledExecutorService watchdog;

    public SnapshotFileSource(
            AgentFiles agent, boolean directRead, int maxResumes, IntervalFunction backoff, Duration idleTimeout) {
        this.agent = agent;
        this.directRead = directRead;
        this.maxResumes = maxResumes;
        this.backoff = backoff;
        this.idleTimeout = idleTimeout;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ringvault-download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public InputStream open(String backupId, FileReady file) throws SourceException {
        Path local = directRead ? readableLocalPath(file) : null;
        if (local != null) {
            long size;
            InputStream in;
            try {
                size = Files.size(local);
                in = Files.newInputStream(local);
            } catch (NoSuchFileException e) {
                throw new SourceException(FailureReason.FILE_NOT_FOUND, "the file " + local + " vanished", e);
            } catch (IOException e) {
                throw new SourceException(FailureReason.IO_ERROR, "cannot read " + local + ": " + e.getMessage(), e);
            }
            if (size != file.size()) {
                // Said before any byte is stored, in the operator's terms (the store would only see a short stream).
                closeQuietly(in);
                throw new SourceException(
                        FailureReason.FILE_CHANGED,
                        "the file " + local + " is " + size + " bytes; the file.ready announced " + file.size()
                                + ": it changed since the snapshot");
            }
            return in;
        }
        if (file.agentUrl() == null || file.agentUrl().isBlank()) {
            throw new SourceException(
                    FailureReason.AGENT_UNKNOWN,
                    "the file.ready names no agentUrl"
                            + (directRead ? " and its localPath is not readable here" : " (direct-read is off)"));
        }
        URI uri;
        try {
            uri = agent.locate(backupId, file, FileUploader.tableDirectory(file));
        } catch (IllegalArgumentException e) {
            throw new SourceException(
                    FailureReason.AGENT_UNKNOWN, "invalid agentUrl '" + file.agentUrl() + "': " + e.getMessage(), e);
        }
        return new ResumingInputStream(
                offset -> agent.open(uri, offset, file.size()),
                uri.toString(),
                file.size(),
                maxResumes,
                backoff,
                idleTimeout,
                watchdog);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Only read from: nothing to lose.
        }
    }

    private static Path readableLocalPath(FileReady file) {
        if (file.localPath() == null || file.localPath().isBlank()) {
            return null;
        }
        try {
            Path path = Path.of(file.localPath());
            return path.isAbsolute() && Files.isRegularFile(path) && Files.isReadable(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}

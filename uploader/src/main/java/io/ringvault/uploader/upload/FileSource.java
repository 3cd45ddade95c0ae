package io.ringvault.uploader.upload;

import io.ringvault.common.message.FileReady;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** Where the bytes of a snapshot file come from. */
public interface FileSource {
    /**
     * Opens the file announced by {@code file} for backup {@code backupId}. The stream yields the file from its first
     * byte; the caller closes it.
     *
     * @throws SourceException when it cannot be opened, saying whether a retry can help
     */
    InputStream open(String backupId, FileReady file) throws SourceException;

    /**
     * The file itself, open for reading, when it can be read directly on this host; empty when it has to be fetched
     * ({@link #open} then). The caller closes it.
     *
     * @throws SourceException when the local file cannot be opened, saying whether a retry can help
     */
    default Optional<FileChannel> openLocal(FileReady file) throws SourceException {
        return Optional.empty();
    }
}

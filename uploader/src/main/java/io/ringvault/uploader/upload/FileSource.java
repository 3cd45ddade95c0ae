package io.ringvault.uploader.upload;

import io.ringvault.common.message.FileReady;
import java.io.InputStream;

/** Where the bytes of a snapshot file come from. */
public interface FileSource {
    /**
     * Opens the file announced by {@code file} for backup {@code backupId}. The stream yields the file from its first
     * byte; the caller closes it.
     *
     * @throws SourceException when it cannot be opened, saying whether a retry can help
     */
    InputStream open(String backupId, FileReady file) throws SourceException;
}

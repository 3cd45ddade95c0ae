package io.ringvault.uploader.upload;

import io.ringvault.common.message.FileReady;
import java.io.InputStream;
import java.net.URI;

/**
 * The snapshot files the node agents serve, as {@link SnapshotFileSource} downloads them. Implemented over HTTP by
 * {@code agent.AgentClient}, which classifies every answer of an agent into a {@link SourceException}.
 */
public interface AgentFiles {
    /**
     * Where the file's node agent serves it: shown in messages, and given back to {@link #open}.
     *
     * @param tableDirectory the table's directory name, {@code <table>-<tableId>}
     * @throws IllegalArgumentException when the file.ready's {@code agentUrl} is not a usable address
     */
    URI locate(String backupId, FileReady file, String tableDirectory);

    /**
     * Opens the file at {@code offset}; the stream yields exactly the bytes from there to the end.
     *
     * @param size the size the file was announced with: an agent serving another size means the file changed
     * @throws SourceException when it cannot be opened, saying whether a retry can help
     */
    InputStream open(URI file, long offset, long size) throws SourceException;
}

package io.ringvault.agent.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A table imported for a restore operation; also the content of its marker file.
 *
 * @param keyspace the keyspace
 * @param table the table
 * @param importedFiles how many staged files Cassandra imported
 * @param importedBytes their total size
 * @param truncated whether the table was truncated before the import
 * @param importedAt when the import finished (or, in a pending marker, started)
 * @param alreadyImported true in an answer to an import asked again: nothing was done this time
 * @param method how the files were loaded: imported on this node, or streamed to their replicas; a marker written
 *     before the streaming restore has none, and was an import
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportResult(
        String keyspace,
        String table,
        int importedFiles,
        long importedBytes,
        boolean truncated,
        Instant importedAt,
        boolean alreadyImported,
        LoadMethod method) {
    public ImportResult {
        method = method == null ? LoadMethod.IMPORT : method;
    }

    ImportResult asAlreadyImported() {
        return new ImportResult(keyspace, table, importedFiles, importedBytes, truncated, importedAt, true, method);
    }
}

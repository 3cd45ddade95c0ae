package io.ringvault.agentapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The JSON bodies of the node agent's restore API ({@code /api/v1/restores/...}, see {@link AgentPaths}). The agent
 * writes them; the restorer reads them and ignores fields it does not know, so the agent may add fields. Each record is
 * a schema of the same name in the OpenAPI document ({@code AgentApiDocumentTest}).
 */
public final class RestoreApi {
    private RestoreApi() {}

    /**
     * The answer of {@link AgentPaths#STAGING_SPACE}: room on the staging file system, for a restorer to check before
     * it sends a table.
     *
     * @param stagingDirectory the operation's staging directory on the node
     * @param usableBytes what the file system still lets the agent write
     * @param stagedBytes what the operation has staged and not yet imported
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StagingSpace(String stagingDirectory, long usableBytes, long stagedBytes) {}

    /**
     * A file completely staged and verified.
     *
     * @param fileName the SSTable component's name, as backed up
     * @param size its size in bytes
     * @param sha256 its SHA-256, lowercase hex
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StagedFile(String fileName, long size, String sha256) {}

    /**
     * The answer of {@code GET} {@link AgentPaths#TABLE_STAGING}: the complete files staged for a table, and whether
     * the table was imported in this operation (its files are then in Cassandra, and the list is empty).
     *
     * @param operationId the operation
     * @param keyspace the keyspace
     * @param table the table, without a table id suffix
     * @param imported whether the operation imported the table
     * @param files the complete staged files; never null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TableStaging(
            String operationId, String keyspace, String table, boolean imported, List<StagedFile> files) {
        public TableStaging {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /**
     * The answer of {@code PUT} {@link AgentPaths#STAGED_FILE}: 201 written, 200 already staged with the same SHA-256
     * (the body was then not read).
     *
     * @param fileName the staged file
     * @param size its size in bytes
     * @param sha256 its SHA-256, lowercase hex
     * @param alreadyStaged true when nothing was written this time
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Staged(String fileName, long size, String sha256, boolean alreadyStaged) {}

    /**
     * The optional body of {@code POST} {@link AgentPaths#TABLE_IMPORT}.
     *
     * @param truncate whether the agent truncates the table before the import; absent means false. The restorer sends
     *     false and truncates once for the whole cluster over CQL: TRUNCATE is cluster-wide.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImportRequest(Boolean truncate) {}

    /**
     * The answer of {@code POST} {@link AgentPaths#TABLE_IMPORT}.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param importedFiles how many staged files Cassandra imported
     * @param importedBytes their total size
     * @param truncated whether the table was truncated before the import
     * @param alreadyImported true when the table was imported earlier in the operation: nothing was done this time
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Imported(
            String keyspace,
            String table,
            int importedFiles,
            long importedBytes,
            boolean truncated,
            boolean alreadyImported) {}
}

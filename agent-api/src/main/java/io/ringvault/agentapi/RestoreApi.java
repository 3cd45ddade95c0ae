package io.ringvault.agentapi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
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
     * How the agent loads a table's staged SSTables into Cassandra: the restorer chooses it per backed-up node, and says
     * it in the import's body and in {@code restore.planned}.
     */
    public enum ImportMethod {
        /**
         * {@code importNewSSTables} over JMX (what {@code nodetool import} does): the files move into this node's data
         * directory, and Cassandra refuses partitions the node does not own. For a node that owns exactly the tokens
         * of the node that was backed up.
         */
        IMPORT("import"),
        /**
         * Cassandra's bulk loader ({@code sstableloader}) streams the files to the replicas of their partitions,
         * whichever nodes of the cluster own them; the files stay in the staging area until the stream is over. For a
         * cluster whose nodes own other tokens, or of another size.
         */
        STREAM("stream");

        private final String code;

        ImportMethod(String code) {
            this.code = code;
        }

        /** As written in JSON: {@code import}, {@code stream}. */
        @JsonValue
        public String code() {
            return code;
        }

        /**
         * The method of a code.
         *
         * @throws IllegalArgumentException for a code this version does not know
         */
        @JsonCreator
        public static ImportMethod of(String code) {
            return Arrays.stream(values())
                    .filter(method -> method.code.equals(code))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "import method '" + code + "' is not one of " + Arrays.toString(values())));
        }

        @Override
        public String toString() {
            return code;
        }
    }

    /**
     * The optional body of {@code POST} {@link AgentPaths#TABLE_IMPORT}.
     *
     * @param truncate whether the agent truncates the table before the import; absent means false. The restorer sends
     *     false and truncates once for the whole cluster over CQL: TRUNCATE is cluster-wide.
     * @param method how the staged SSTables are loaded; absent means {@link ImportMethod#IMPORT}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImportRequest(Boolean truncate, ImportMethod method) {
        /** A plain import, as a caller that does not say the method asks for. */
        public ImportRequest(Boolean truncate) {
            this(truncate, null);
        }

        /** {@link #method}, or {@link ImportMethod#IMPORT} when absent. */
        public ImportMethod methodOrDefault() {
            return method == null ? ImportMethod.IMPORT : method;
        }
    }

    /**
     * The answer of {@code POST} {@link AgentPaths#TABLE_IMPORT}: the table's staged files are in Cassandra, imported on
     * this node or streamed to their replicas.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param importedFiles how many staged files Cassandra imported (or the bulk loader streamed)
     * @param importedBytes their total size
     * @param truncated whether the table was truncated before the import
     * @param alreadyImported true when the table was imported earlier in the operation: nothing was done this time
     * @param method how the files were loaded; absent from an agent older than the streaming restore (an import)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Imported(
            String keyspace,
            String table,
            int importedFiles,
            long importedBytes,
            boolean truncated,
            boolean alreadyImported,
            ImportMethod method) {}

    /**
     * The body of {@code POST} {@link AgentPaths#REPAIR}: which tables of which keyspace to repair on the node.
     *
     * @param keyspace the keyspace; required
     * @param tables the tables of the keyspace to repair; empty or absent means every table of the keyspace
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RepairRequest(String keyspace, List<String> tables) {
        public RepairRequest {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /**
     * The answer of {@code POST} {@link AgentPaths#REPAIR}: Cassandra completed the repair (a full repair of the
     * node's primary ranges, with every replica of them).
     *
     * @param keyspace the keyspace
     * @param tables the tables repaired; empty means every table of the keyspace
     * @param command Cassandra's repair command number on the node; 0 when Cassandra had nothing to repair (a keyspace
     *     with one replica per range, or a node with no primary range)
     * @param seconds how long the repair took, in whole seconds
     * @param messages Cassandra's final messages about the repair, for the log; never null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Repaired(String keyspace, List<String> tables, int command, long seconds, List<String> messages) {
        public Repaired {
            tables = tables == null ? List.of() : List.copyOf(tables);
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }
}

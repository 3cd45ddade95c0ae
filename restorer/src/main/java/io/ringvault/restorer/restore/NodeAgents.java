package io.ringvault.restorer.restore;

import io.ringvault.common.message.RestoreMethod;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node agents' restore API ({@code /api/v1/restores/...}, see node-agent/DESIGN.md) as a restore uses it: what a
 * node already holds of a table, its free room, staging a file, importing a table, clearing the operation's staging,
 * repairing the restored tables.
 * The HTTP client is {@code agent.AgentClient}; tests use a fake.
 *
 * <p>Each method is one call, without retries: {@link RestoreService} retries what can pass. An agent that answers
 * with an error throws {@link AgentRefused}; one that cannot be reached throws an {@link IOException}.
 */
public interface NodeAgents {
    /** Room on the node's staging file system. */
    record Space(String stagingDirectory, long usableBytes, long stagedBytes) {}

    /** One complete, verified staged file. */
    record StagedFile(String fileName, long size, String sha256) {}

    /** What the node holds for a table of the operation. */
    record TableStaging(boolean imported, List<StagedFile> files) {
        public TableStaging {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /** The answer to a repair: Cassandra's command number (0: nothing to repair) and how long it took. */
    record Repaired(int command, long seconds) {}

    /** The answer to an import. */
    record Imported(int importedFiles, long importedBytes, boolean alreadyImported) {}

    Space space(String agentUrl, String operationId) throws IOException;

    TableStaging staging(String agentUrl, String operationId, String keyspace, String table) throws IOException;

    /**
     * Streams {@code size} bytes from {@code body} to the node's staging area; the agent checks them against
     * {@code sha256} (64 hex digits) before it keeps the file, and refuses a mismatch with {@code checksum-mismatch}.
     */
    void upload(
            String agentUrl,
            String operationId,
            String keyspace,
            String table,
            String fileName,
            String sha256,
            long size,
            Supplier<InputStream> body)
            throws IOException;

    /**
     * Loads the table's files staged under {@code operationId} (a staging namespace) online: imported on the node, or
     * streamed from it to their replicas by Cassandra's bulk loader. The agent never truncates (the restorer does,
     * once, over CQL).
     */
    Imported importTable(String agentUrl, String operationId, String keyspace, String table, RestoreMethod method)
            throws IOException;

    /**
     * Runs a full repair of {@code tables} of {@code keyspace} on the node's primary ranges and returns when Cassandra
     * completed it. The agent refuses a repair that failed or did not finish in its time with {@code repair-failed}.
     */
    Repaired repair(String agentUrl, String operationId, String keyspace, List<String> tables) throws IOException;

    /** Removes everything the operation staged on the node, markers included. */
    void deleteStaging(String agentUrl, String operationId) throws IOException;
}

package io.ringvault.restorer.agent;

import io.ringvault.agentapi.RestoreApi;
import io.ringvault.agentapi.client.AgentCallException;
import io.ringvault.agentapi.client.NodeAgentClient;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.restorer.restore.AgentRefused;
import io.ringvault.restorer.restore.NodeAgents;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The node agents' restore API ({@code /api/v1/restores/...}, agent-api's contract) through the shared
 * {@link NodeAgentClient}. Bodies are streamed, never held in memory. An agent's error answer becomes an
 * {@link AgentRefused} with the contract's reason; a connection that fails stays an {@link IOException}. One call, no
 * retries: the caller retries what can pass.
 */
public class AgentClient implements NodeAgents {
    private final NodeAgentClient client;
    private final Duration importTimeout;
    private final Duration repairTimeout;

    /** @param tls the TLS of {@code https://} agent URLs ({@link NodeAgentClient}); null: the JVM's default */
    public AgentClient(String token, Duration timeout, Duration importTimeout, Duration repairTimeout, SSLContext tls) {
        this.client = new NodeAgentClient(token, timeout, tls);
        this.importTimeout = importTimeout;
        this.repairTimeout = repairTimeout;
    }

    @Override
    public Space space(String agentUrl, String operationId) throws IOException {
        try {
            RestoreApi.StagingSpace space = client.stagingSpace(agentUrl, operationId);
            return new Space(space.stagingDirectory(), space.usableBytes(), space.stagedBytes());
        } catch (AgentCallException e) {
            throw refused(e);
        }
    }

    @Override
    public TableStaging staging(String agentUrl, String operationId, String keyspace, String table) throws IOException {
        try {
            RestoreApi.TableStaging staging = client.tableStaging(agentUrl, operationId, keyspace, table);
            return new TableStaging(
                    staging.imported(),
                    staging.files().stream()
                            .map(file -> new StagedFile(file.fileName(), file.size(), file.sha256()))
                            .toList());
        } catch (AgentCallException e) {
            throw refused(e);
        }
    }

    @Override
    public void upload(
            String agentUrl,
            String operationId,
            String keyspace,
            String table,
            String fileName,
            String sha256,
            long size,
            Supplier<InputStream> body)
            throws IOException {
        try {
            client.stageFile(agentUrl, operationId, keyspace, table, fileName, sha256, size, body);
        } catch (AgentCallException e) {
            throw refused(e);
        }
    }

    @Override
    public Imported importTable(
            String agentUrl, String operationId, String keyspace, String table, RestoreMethod method)
            throws IOException {
        try {
            // The restorer truncates through CQL, once for the whole cluster: never the agent.
            RestoreApi.Imported imported = client.importTable(
                    agentUrl,
                    operationId,
                    keyspace,
                    table,
                    false,
                    method == RestoreMethod.STREAM ? RestoreApi.ImportMethod.STREAM : RestoreApi.ImportMethod.IMPORT,
                    importTimeout);
            return new Imported(imported.importedFiles(), imported.importedBytes(), imported.alreadyImported());
        } catch (AgentCallException e) {
            throw refused(e);
        }
    }

    @Override
    public Repaired repair(String agentUrl, String operationId, String keyspace, List<String> tables)
            throws IOException {
        try {
            RestoreApi.Repaired repaired = client.repair(agentUrl, operationId, keyspace, tables, repairTimeout);
            return new Repaired(repaired.command(), repaired.seconds());
        } catch (AgentCallException e) {
            throw refused(e);
        }
    }

    @Override
    public void deleteStaging(String agentUrl, String operationId) throws IOException {
        try {
            client.deleteStaging(agentUrl, operationId);
        } catch (AgentCallException e) {
            throw refused(e);
        }
    }

    private static AgentRefused refused(AgentCallException e) {
        AgentRefused refused = new AgentRefused(e.status(), e.reason(), e.getMessage());
        refused.initCause(e);
        return refused;
    }
}

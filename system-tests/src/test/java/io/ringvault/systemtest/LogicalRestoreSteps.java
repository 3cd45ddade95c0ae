package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.testkit.CassandraEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The steps the logical restore suites share, through a running {@link RingvaultSystem}'s REST API: a logical backup of
 * a keyspace, a restore request (with the logical options), and a CQL session to a node that waits long enough for
 * schema changes on a busy two-core machine.
 */
final class LogicalRestoreSteps {
    private LogicalRestoreSteps() {}

    static CqlSession cql(CassandraEndpoint node) {
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /**
     * Takes a logical backup of the whole keyspace {@code ks} through the coordinator ({@code POST /api/v1/backups}
     * with method logical, and format csv for {@link LogicalFormat#CSV}) and returns its id once it completed.
     */
    static String logicalBackup(RingvaultSystem system, String ks, LogicalFormat format, String requestedBy)
            throws Exception {
        String body = "{\"keyspaces\":[\"" + ks + "\"],\"method\":\"logical\""
                + (format == LogicalFormat.CSV ? ",\"format\":\"csv\"" : "") + "}";
        JsonNode accepted = system.post("/api/v1/backups", body, requestedBy);
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(5));
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        return id;
    }

    /** Posts {@code request} to {@code POST /api/v1/restores}; the restore's operation id. */
    static String restore(RingvaultSystem system, RestoreRequested request) throws Exception {
        JsonNode accepted =
                system.post("/api/v1/restores", RingvaultSystem.CODEC.mapper().writeValueAsString(request));
        String operationId = accepted.path("operationId").asString();
        assertThat(operationId).as(accepted.toString()).isNotBlank();
        return operationId;
    }

    /**
     * A restore of {@code keyspace} of {@code backupId} with the logical options: renamed tables and keyspaces (null
     * for none), {@code allowSchemaMismatch} and {@code maxErrors} (null for the defaults).
     */
    static RestoreRequested logicalRestore(
            String backupId,
            String keyspace,
            Map<String, String> renames,
            Map<String, String> renameKeyspaces,
            Boolean allowSchemaMismatch,
            Long maxErrors) {
        return new RestoreRequested(
                backupId,
                List.of(keyspace),
                null,
                null,
                "logical-restore-it",
                null,
                allowSchemaMismatch,
                null,
                null,
                null,
                null,
                null,
                renames,
                renameKeyspaces,
                maxErrors);
    }
}

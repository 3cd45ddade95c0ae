package io.ringvault.restorer.logical;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.logical.format.ChunkFormat;
import io.ringvault.restorer.restore.CqlSchema;
import io.ringvault.restorer.restore.RestoreFailure;
import io.ringvault.restorer.restore.RestorePlanner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans a logical restore from the backup's manifests alone: no node agent, and any number of nodes in the cluster.
 * The tables are the backup's after the request's keyspace and table filters (as for a snapshot backup), each with its
 * chunk files from every node and the table the renames send it to; the schema is the backup's, renamed, with each
 * created keyspace's replication fitted to the cluster's datacenters ({@link ReplicationMapper}).
 */
public final class LogicalRestorePlanner {
    private LogicalRestorePlanner() {}

    /**
     * @param nodesByDatacenter the cluster's nodes per datacenter
     * @throws RestoreFailure {@code unknown-table} for a filter naming nothing of the backup, {@code invalid-request}
     *     for an option of snapshot restores (datacenters, node mapping, repair) or a rename that does not fit
     */
    public static LogicalRestorePlan plan(
            RestoreRequested request,
            BackupManifest backup,
            List<NodeManifest> manifests,
            Map<String, Integer> nodesByDatacenter) {
        refuseSnapshotOptions(request, backup);
        Map<String, String> schema = new TreeMap<>(backup.schema());
        manifests.forEach(m -> m.schema().forEach(schema::putIfAbsent));
        Set<String> sources = RestorePlanner.scope(request, backup, schema, manifests);
        TableRenames renames = TableRenames.of(request);
        Set<String> backupKeyspaces = new TreeSet<>(schema.keySet());
        sources.forEach(s -> backupKeyspaces.add(TableRenames.keyspaceOf(s)));
        renames.check(sources, backupKeyspaces);

        String extension = backup.logicalFormat() == LogicalFormat.CSV ? ".csv" : ChunkFormat.EXTENSION;
        List<LogicalRestorePlan.TablePlan> tables = new ArrayList<>();
        for (String source : sources) {
            String keyspace = TableRenames.keyspaceOf(source);
            String table = TableRenames.tableOf(source);
            List<NodeManifest.File> files = manifests.stream()
                    .flatMap(m -> m.files().stream())
                    .filter(f -> keyspace.equals(f.keyspace()) && table.equals(f.table()))
                    .filter(f -> f.fileName().endsWith(extension))
                    .sorted(Comparator.comparing(NodeManifest.File::objectKey))
                    .toList();
            Long rows = backup.rows() == null ? null : backup.rows().get(source);
            tables.add(new LogicalRestorePlan.TablePlan(source, renames.target(source), files, rows));
        }

        Map<String, List<CqlSchema.Statement>> target = SchemaRewriter.rewrite(schema, sources, renames);
        Map<String, String> replication = new TreeMap<>();
        Map<String, List<CqlSchema.Statement>> fitted = new LinkedHashMap<>();
        target.forEach((keyspace, statements) -> {
            List<CqlSchema.Statement> out = new ArrayList<>();
            for (CqlSchema.Statement statement : statements) {
                if (statement.kind() == CqlSchema.Kind.KEYSPACE) {
                    ReplicationMapper.Fitted fit = ReplicationMapper.fit(statement, nodesByDatacenter);
                    fit.changedTo().ifPresent(r -> replication.put(keyspace, r));
                    out.add(fit.statement());
                } else {
                    out.add(statement);
                }
            }
            fitted.put(keyspace, out);
        });
        List<String> hostIds =
                manifests.stream().map(m -> m.node().hostId()).sorted().toList();
        return new LogicalRestorePlan(
                backup, hostIds, tables, fitted, replication, resumeKey(backup, tables), request.planOnly());
    }

    private static void refuseSnapshotOptions(RestoreRequested request, BackupManifest backup) {
        List<String> refused = new ArrayList<>();
        if (!request.datacenters().isEmpty()) {
            refused.add("datacenters");
        }
        if (!request.nodeMapping().isEmpty()) {
            refused.add("nodeMapping");
        }
        if (request.repairAfter()) {
            refused.add("repair");
        }
        if (!refused.isEmpty()) {
            throw new RestoreFailure(
                    FailureReason.INVALID_REQUEST,
                    "backup " + backup.backupId() + " is a logical backup, restored through CQL into the whole cluster:"
                            + " " + String.join(", ", refused) + " only apply to snapshot backups");
        }
    }

    /** The same backup into the same tables: the same key (16 hex digits of a SHA-256). */
    static String resumeKey(BackupManifest backup, List<LogicalRestorePlan.TablePlan> tables) {
        StringBuilder text = new StringBuilder(backup.backupId());
        tables.stream()
                .map(t -> t.source() + "=" + t.target())
                .sorted()
                .forEach(t -> text.append('\n').append(t));
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

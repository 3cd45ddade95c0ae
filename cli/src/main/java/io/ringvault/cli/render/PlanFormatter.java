package io.ringvault.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A restore's plan, the {@code data} of its {@code io.ringvault.restore.planned} event, as text: which node of the
 * cluster receives each backed-up node's files, how the pair was chosen, by which method they reach Cassandra
 * ({@code import} or {@code stream}), and how much moves. What {@code ringvault restore --dry-run} prints.
 */
public final class PlanFormatter {
    private PlanFormatter() {}

    /** @param operationId the dry run's operation */
    public static List<String> lines(String operationId, JsonNode plan) {
        List<String> lines = new ArrayList<>();
        JsonNode nodes = plan.path("nodes");
        Set<String> targets = new LinkedHashSet<>();
        nodes.forEach(node -> targets.add(node.path("target").path("hostId").asString("")));
        boolean dryRun = plan.path("dryRun").asBoolean(false);
        lines.add((dryRun ? "dry run " : "plan of restore ") + operationId + (dryRun ? ": nothing was changed" : ""));
        lines.add("backup   " + plan.path("backupId").asString(""));
        List<String> chain = new ArrayList<>();
        plan.path("chain").forEach(id -> chain.add(id.asString()));
        if (!chain.isEmpty()) {
            // An incremental backup restores the files of every backup it builds on, the snapshot first.
            chain.add(plan.path("backupId").asString(""));
            lines.add("chain    " + String.join(" -> ", chain));
        }
        List<String> tables = new ArrayList<>();
        plan.path("tables").forEach(table -> tables.add(table.asString()));
        lines.add("tables   " + (tables.isEmpty() ? "(none)" : String.join(", ", tables)));
        if (plan.path("repair").asBoolean(false)) {
            lines.add("repair   " + (dryRun ? "would run" : "runs")
                    + " after the import: a full repair of the restored tables on each target node in turn,"
                    + " its primary ranges");
        }
        JsonNode logical = plan.path("logicalTables");
        if (logical.isArray() && !logical.isEmpty()) {
            return logicalLines(lines, plan, logical);
        }
        lines.add("nodes    " + nodes.size() + " backed-up node(s) onto " + targets.size() + " node(s) of the cluster: "
                + plan.path("filesTotal").asLong() + " files, "
                + Units.bytes(plan.path("bytesTotal").asLong()));
        Table table = new Table("SOURCE", "TARGET", "ADDRESS", "DC", "RACK", "MAPPED BY", "METHOD", "FILES", "BYTES");
        for (JsonNode node : nodes) {
            JsonNode target = node.path("target");
            table.row(
                    node.path("sourceHostId").asString(""),
                    target.path("hostId").asString(""),
                    target.path("address").asString(null),
                    target.path("datacenter").asString(null),
                    target.path("rack").asString(null),
                    node.path("mappedBy").asString(""),
                    // A plan written before the streaming restore names no method: it imported.
                    node.path("method").asString("import"),
                    node.path("files").asLong(),
                    Units.bytes(node.path("bytes").asLong()));
        }
        if (!table.isEmpty()) {
            lines.addAll(table.lines("  "));
        }
        return lines;
    }

    /**
     * A logical backup's plan: the restorer writes the rows through CQL, so there is no node to show; each table with
     * the table it is restored into, its files, bytes and rows, and the replication of keyspaces it creates otherwise
     * than the backup's.
     */
    private static List<String> logicalLines(List<String> lines, JsonNode plan, JsonNode logical) {
        lines.add("method   cql: the restorer writes every row through CQL (write times and TTLs kept), into a"
                + " cluster of any size: " + plan.path("filesTotal").asLong() + " files, "
                + Units.bytes(plan.path("bytesTotal").asLong()));
        plan.path("replication")
                .properties()
                .forEach(entry -> lines.add("keyspace " + entry.getKey() + " is created with replication "
                        + entry.getValue().asString("") + " (the backup's does not fit this cluster)"));
        Table table = new Table("SOURCE", "TARGET", "FILES", "BYTES", "ROWS");
        for (JsonNode entry : logical) {
            table.row(
                    entry.path("source").asString(""),
                    entry.path("target").asString(""),
                    entry.path("files").asLong(),
                    Units.bytes(entry.path("bytes").asLong()),
                    entry.path("rows").isNumber()
                            ? String.valueOf(entry.path("rows").asLong())
                            : "?");
        }
        lines.addAll(table.lines("  "));
        return lines;
    }
}

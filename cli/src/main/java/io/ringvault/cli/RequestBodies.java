package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies of requests; the coordinator validates them, so nothing is checked here. */
final class RequestBodies {
    private RequestBodies() {}

    static ObjectNode backup(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            boolean full,
            boolean allowPartial,
            String requestedBy) {
        return backup(
                keyspaces, tables, datacenters, full ? "full" : "differential", allowPartial, false, null, requestedBy);
    }

    /**
     * @param mode {@code differential}, {@code full} or {@code incremental}
     * @param buildsOn for an incremental backup, the backup it builds on; null to let the coordinator pick the newest
     */
    static ObjectNode backup(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            String mode,
            boolean allowPartial,
            boolean enableIncrementalBackups,
            String buildsOn,
            String requestedBy) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("keyspaces", array(keyspaces));
        body.set("tables", array(tables));
        body.set("datacenters", array(datacenters));
        body.put("mode", mode);
        body.put("requestedBy", requestedBy);
        if (allowPartial) {
            body.put("allowPartial", true);
        }
        if (enableIncrementalBackups) {
            body.put("enableIncrementalBackups", true);
        }
        if (buildsOn != null) {
            body.put("buildsOn", buildsOn);
        }
        return body;
    }

    static ObjectNode restore(String backupId, List<String> keyspaces, List<String> tables, String requestedBy) {
        return restore(backupId, keyspaces, tables, requestedBy, RestoreOptions.DEFAULTS);
    }

    static ObjectNode restore(
            String backupId, List<String> keyspaces, List<String> tables, String requestedBy, RestoreOptions options) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("backupId", backupId);
        body.set("keyspaces", array(keyspaces));
        body.set("tables", array(tables));
        if (!options.datacenters().isEmpty()) {
            body.set("datacenters", array(options.datacenters()));
        }
        body.put("requestedBy", requestedBy);
        if (options.truncate()) {
            body.put("truncate", true);
        }
        if (options.allowSchemaMismatch()) {
            body.put("allowSchemaMismatch", true);
        }
        if (!options.nodeMapping().isEmpty()) {
            ObjectNode mapping = body.putObject("nodeMapping");
            options.nodeMapping().forEach(mapping::put);
        }
        if (options.sourceCluster() != null) {
            body.put("sourceCluster", options.sourceCluster());
        }
        if (options.repair()) {
            body.put("repair", true);
        }
        return body;
    }

    /**
     * The restore options beyond the keyspaces and tables: what the request's optional fields carry.
     *
     * @param datacenters the datacenters in scope; empty: every datacenter the backup covers
     * @param repair whether every target node repairs the restored tables once they are loaded
     */
    record RestoreOptions(
            List<String> datacenters,
            boolean truncate,
            boolean allowSchemaMismatch,
            java.util.Map<String, String> nodeMapping,
            String sourceCluster,
            boolean repair) {
        static final RestoreOptions DEFAULTS =
                new RestoreOptions(List.of(), false, false, java.util.Map.of(), null, false);

        /** Options without a repair. */
        RestoreOptions(
                List<String> datacenters,
                boolean truncate,
                boolean allowSchemaMismatch,
                java.util.Map<String, String> nodeMapping,
                String sourceCluster) {
            this(datacenters, truncate, allowSchemaMismatch, nodeMapping, sourceCluster, false);
        }
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}

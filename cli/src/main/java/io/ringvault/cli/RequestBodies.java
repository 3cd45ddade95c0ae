package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies of requests; the coordinator validates them, so nothing is checked here. */
final class RequestBodies {
    private RequestBodies() {}

    static ObjectNode backup(
            List<String> keyspaces, List<String> tables, List<String> datacenters, boolean full, String requestedBy) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("keyspaces", array(keyspaces));
        body.set("tables", array(tables));
        body.set("datacenters", array(datacenters));
        body.put("mode", full ? "full" : "differential");
        body.put("requestedBy", requestedBy);
        return body;
    }

    static ObjectNode restore(String backupId, List<String> keyspaces, List<String> tables, String requestedBy) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("backupId", backupId);
        body.set("keyspaces", array(keyspaces));
        body.set("tables", array(tables));
        body.put("requestedBy", requestedBy);
        return body;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}

package io.ringvault.cli.render;

import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/** A JSON value squeezed into one short line: {@code keyspaces=[ks1,ks2] mode=differential}. Nulls are left out. */
public final class JsonSummary {
    private JsonSummary() {}

    public static String of(JsonNode node, int maxLength) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        String text = node.isObject() ? fields(node) : value(node);
        return text.length() <= maxLength ? text : text.substring(0, Math.max(0, maxLength - 3)) + "...";
    }

    private static String fields(JsonNode object) {
        StringJoiner joiner = new StringJoiner(" ");
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode() || (value.isContainer() && value.isEmpty())) {
                continue;
            }
            joiner.add(field.getKey() + "=" + value(value));
        }
        return joiner.toString();
    }

    private static String value(JsonNode node) {
        if (node.isObject()) {
            return "{" + fields(node) + "}";
        }
        if (node.isArray()) {
            StringJoiner joiner = new StringJoiner(",", "[", "]");
            for (JsonNode element : node) {
                joiner.add(value(element));
            }
            return joiner.toString();
        }
        return node.asString();
    }
}

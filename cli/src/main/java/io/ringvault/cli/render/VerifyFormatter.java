package io.ringvault.cli.render;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The report of {@code ringvault backups verify}, from the {@code verify} part of the operation's view: a summary line,
 * then one row per problem naming the node, the table, what is wrong and the object.
 */
public final class VerifyFormatter {
    private VerifyFormatter() {}

    public static List<String> lines(JsonNode verify) {
        List<String> lines = new ArrayList<>();
        String backupId = verify.path("backupId").asString("?");
        boolean deep = verify.path("deep").asBoolean(false);
        long problemCount = verify.path("problemCount").asLong(0);
        long objectsChecked = verify.path("objectsChecked").asLong(0);
        long objectsTotal = verify.path("objectsTotal").asLong(0);
        String how = deep ? "sizes and SHA-256 checksums" : "sizes (--deep also compares checksums)";
        String checked = objectsChecked + "/" + objectsTotal + " object(s), "
                + Units.bytes(verify.path("bytesChecked").asLong(0)) + ", " + how;
        if (problemCount == 0) {
            lines.add("backup " + backupId + ": no problem found; checked " + checked);
            return lines;
        }
        lines.add("backup " + backupId + ": " + problemCount + " problem(s); checked " + checked);
        Table table = new Table("NODE", "DATACENTER", "TABLE", "PROBLEM", "EXPECTED", "ACTUAL", "OBJECT");
        for (JsonNode problem : verify.path("problems")) {
            JsonNode node = problem.path("node");
            String kind = problem.path("kind").asString("");
            boolean checksum = "checksum-mismatch".equals(kind);
            table.row(
                    node.isMissingNode() || node.isNull()
                            ? null
                            : node.path("hostId").asString("") + address(node),
                    node.path("datacenter").asString(""),
                    problem.hasNonNull("keyspace")
                            ? problem.path("keyspace").asString() + "."
                                    + problem.path("table").asString("")
                            : null,
                    kind,
                    checksum ? shortChecksum(problem.path("expectedChecksum")) : size(problem.path("expectedSize")),
                    checksum ? shortChecksum(problem.path("actualChecksum")) : size(problem.path("actualSize")),
                    problem.path("objectKey").asString(""));
        }
        lines.addAll(table.lines("  "));
        long listed = verify.path("problems").size();
        if (problemCount > listed) {
            lines.add("  … and " + (problemCount - listed) + " more (a report lists the first " + listed + ")");
        }
        return lines;
    }

    private static String address(JsonNode node) {
        String address = node.path("address").asString("");
        return address.isEmpty() ? "" : " (" + address + ")";
    }

    private static String size(JsonNode size) {
        return size.isNumber() ? size.asLong() + " B" : null;
    }

    /** {@code sha256:} and the first 16 hex digits: enough to tell two checksums apart on a terminal. */
    private static String shortChecksum(JsonNode checksum) {
        String text = checksum.asString("");
        return text.length() > 23 ? text.substring(0, 23) + "…" : text;
    }
}

package io.ringvault.cli.render;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The report of {@code ringvault backups copy}, from the {@code copy} part of the operation's view: the objects written
 * to the target and those already there (skipped), with their bytes.
 */
public final class CopyFormatter {
    private CopyFormatter() {}

    public static List<String> lines(JsonNode copy) {
        long copied = copy.path("objectsCopied").asLong(0);
        long skipped = copy.path("objectsSkipped").asLong(0);
        long total = copy.path("objectsTotal").asLong(0);
        return List.of(
                "copy of backup " + copy.path("backupId").asString("") + " to "
                        + copy.path("target").asString("") + ": " + (copied + skipped) + " of " + total
                        + " object(s) there",
                copied + " object(s) copied ("
                        + Units.bytes(copy.path("bytesCopied").asLong(0)) + "), " + skipped
                        + " already in the target with the same SHA-256 ("
                        + Units.bytes(copy.path("bytesSkipped").asLong(0))
                        + ")");
    }
}

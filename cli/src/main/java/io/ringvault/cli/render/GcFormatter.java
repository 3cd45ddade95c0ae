package io.ringvault.cli.render;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The report of {@code ringvault backups gc}, from the {@code gc} part of the operation's view: what it deleted (or, in
 * a dry run, would delete) with the bytes, what it kept, and the keys of the objects it deleted.
 */
public final class GcFormatter {
    private GcFormatter() {}

    public static List<String> lines(JsonNode gc) {
        boolean dryRun = gc.path("dryRun").asBoolean(false);
        long deleted = gc.path("objectsDeleted").asLong(0);
        String freed = Units.bytes(gc.path("bytesFreed").asLong(0));
        List<String> lines = new ArrayList<>();
        lines.add(
                dryRun
                        ? "gc dry run: would delete " + deleted + " object(s), " + freed + "; nothing was deleted"
                        : "gc: " + deleted + " object(s) deleted, " + freed + " freed");
        lines.add(gc.path("objectsListed").asLong(0) + " object(s) listed, "
                + gc.path("objectsReferenced").asLong(0) + " referenced by complete backups, "
                + gc.path("objectsKeptYoung").asLong(0) + " unreferenced kept as younger than the grace period");
        JsonNode keys = gc.path("deletedKeys");
        for (JsonNode key : keys) {
            lines.add("  " + key.asString(""));
        }
        if (deleted > keys.size() && keys.size() > 0) {
            lines.add("  ... and " + (deleted - keys.size()) + " more");
        }
        return lines;
    }
}

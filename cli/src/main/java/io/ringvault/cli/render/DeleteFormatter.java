package io.ringvault.cli.render;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The summary of {@code ringvault backups delete}, from the {@code delete} part of the operation's view: the objects
 * deleted, those kept because other backups share them, and the bytes freed.
 */
public final class DeleteFormatter {
    private DeleteFormatter() {}

    public static List<String> lines(JsonNode delete) {
        String backupId = delete.path("backupId").asString("?");
        return List.of("backup " + backupId + " deleted: "
                + delete.path("objectsDeleted").asLong(0) + " object(s) deleted, "
                + delete.path("objectsKept").asLong(0) + " kept as shared with other backups, "
                + Units.bytes(delete.path("bytesFreed").asLong(0)) + " freed");
    }
}

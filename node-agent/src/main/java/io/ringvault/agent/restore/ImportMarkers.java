package io.ringvault.agent.restore;

import io.ringvault.storage.VerifiedFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the agent remembers of a table's import in an operation: a pending marker once an import started (so a retry
 * never truncates again), a done marker once it is recorded (so the same import asked again does nothing).
 */
final class ImportMarkers {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StagingLayout layout;

    ImportMarkers(StagingLayout layout) {
        this.layout = layout;
    }

    /** The finished import of the table in this operation, if any. */
    Optional<ImportResult> done(StagedTable table) {
        return read(layout.importMarker(table, false));
    }

    /** An import that was started and did not finish (or whose end was not recorded). */
    Optional<ImportResult> pending(StagedTable table) {
        return read(layout.importMarker(table, true));
    }

    void markPending(StagedTable table, ImportResult started) {
        write(layout.importMarker(table, true), started);
    }

    /** Records the import as done; the pending marker goes. */
    void markDone(StagedTable table, ImportResult done) {
        write(layout.importMarker(table, false), done);
        StagingDisk.deleteQuietly(layout.importMarker(table, true));
    }

    private static Optional<ImportResult> read(Path marker) {
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(marker.toFile(), ImportResult.class));
        } catch (JacksonException e) {
            throw StagingDisk.error("cannot read the import marker " + marker, e);
        }
    }

    private static void write(Path marker, ImportResult result) {
        try {
            Files.createDirectories(marker.getParent());
            VerifiedFileWriter.replace(marker, JSON.writeValueAsBytes(result));
        } catch (IOException | JacksonException e) {
            throw StagingDisk.error("cannot write the import marker " + marker, e);
        }
    }
}

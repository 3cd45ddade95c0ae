package io.ringvault.agent.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshots this agent took, in a small JSON file ({@code <workDirectory>/snapshots.json}), so that a restarted
 * agent still serves their files and still clears them. Each change rewrites the file atomically (write beside it,
 * then rename), so a crash leaves either the old or the new state.
 */
public class SnapshotRegistry {
    static final String FILE_NAME = "snapshots.json";
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;
    private final Map<String, SnapshotRecord> snapshots = new LinkedHashMap<>();

    /**
     * Opens (or creates) the state file in {@code workDirectory}.
     *
     * @throws IllegalStateException naming the file when it cannot be read: the agent refuses to start rather than
     *     forget snapshots it must clear
     */
    public SnapshotRegistry(Path workDirectory) {
        this.file = workDirectory.resolve(FILE_NAME);
        try {
            Files.createDirectories(workDirectory);
            if (Files.exists(file)) {
                State state = JSON.readValue(file.toFile(), State.class);
                if (state.snapshots() != null) {
                    state.snapshots().forEach(record -> snapshots.put(record.backupId(), record));
                }
            }
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException(
                    "cannot read the node agent's state file " + file + ": " + e.getMessage()
                            + " (fix or move it; it lists snapshots the agent must clear)",
                    e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<SnapshotRecord> get(String backupId) {
        return Optional.ofNullable(snapshots.get(backupId));
    }

    public synchronized List<SnapshotRecord> all() {
        List<SnapshotRecord> all = new ArrayList<>(snapshots.values());
        all.sort(Comparator.comparing(SnapshotRecord::backupId));
        return all;
    }

    /** True when the snapshot is complete and its files may be served. */
    public synchronized boolean isTaken(String backupId) {
        SnapshotRecord record = snapshots.get(backupId);
        return record != null && record.status() == SnapshotRecord.Status.TAKEN;
    }

    public synchronized void put(SnapshotRecord record) {
        snapshots.put(record.backupId(), record);
        save();
    }

    public synchronized void remove(String backupId) {
        if (snapshots.remove(backupId) != null) {
            save();
        }
    }

    private void save() {
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(new State(1, all())));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node agent's state file " + file, e);
        }
    }

    /** The file's content; {@code version} lets a later agent read an older file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(int version, List<SnapshotRecord> snapshots) {}
}

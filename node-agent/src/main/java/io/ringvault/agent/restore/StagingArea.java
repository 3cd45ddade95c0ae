package io.ringvault.agent.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore staging area on the node: the restorer streams SSTable components into it, the agent checks each one's
 * SHA-256 while writing, and Cassandra imports a table's directory from it. It lives on the file system of the data
 * directories so that Cassandra's import moves files (a rename) instead of copying them.
 *
 * <p>What the API and the import ask of the staging area, each handed to the class whose job it is:
 * {@link StagingLayout} (where everything lives; see its layout), {@link FileStager} (an upload),
 * {@link StagedFiles} (what is staged, with checksums), {@link ImportMarkers} (imports started and done),
 * {@link StagingGuard} (concurrent requests).
 */
public class StagingArea {
    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);

    private final StagingLayout layout;
    private final StagingGuard guard = new StagingGuard();
    private final StagedFiles staged;
    private final ImportMarkers markers;
    private final FileStager stager;

    public StagingArea(Path root) {
        this.layout = new StagingLayout(root);
        this.staged = new StagedFiles(layout);
        this.markers = new ImportMarkers(layout);
        this.stager = new FileStager(layout, staged, markers, guard);
    }

    /**
     * Creates the staging root, and warns when it is not on the file system of {@code dataDirectory}: Cassandra then
     * copies every imported file instead of moving it (or fails), and the node needs room for the data twice.
     */
    public static StagingArea open(Path root, Path dataDirectory) {
        StagingArea area = new StagingArea(root);
        try {
            Files.createDirectories(area.root());
            FileStore staging = Files.getFileStore(area.root());
            FileStore data = Files.getFileStore(dataDirectory);
            if (!staging.equals(data)) {
                LOG.warn(
                        "restore staging directory is not on the data directory's file system staging={} ({})"
                                + " dataDirectory={} ({}); imports will copy instead of move",
                        area.root(),
                        staging.name(),
                        dataDirectory,
                        data.name());
            }
        } catch (IOException e) {
            // Backups work without staging; restores fail on this directory, naming it.
            LOG.warn("restore staging directory not usable staging={} error={}", area.root(), e.toString());
        }
        return area;
    }

    public Path root() {
        return layout.root();
    }

    /**
     * Streams {@code body} into the staging area as {@code fileName} of {@code table}, computing its SHA-256 while
     * writing; the file appears under its name only when complete and verified. A file already staged with the same
     * SHA-256 (and size, when {@code contentLength} is known) is kept, and the body is not read.
     *
     * @param expectedSha256 the SHA-256 the restorer announces, hex
     * @param contentLength the body's length, or -1 when unknown
     * @throws RestoreException on a bad name or checksum, a body shorter than announced, a checksum mismatch (nothing is
     *     staged), too little space, or a concurrent request on the same file
     */
    public StageResult stage(
            StagedTable table, String fileName, String expectedSha256, long contentLength, InputStream body) {
        return stager.stage(table, fileName, expectedSha256, contentLength, body);
    }

    /** The completely staged files of {@code table}, by name; never a partial one. */
    public List<StagedFile> list(StagedTable table) {
        return staged.list(table);
    }

    /** The usable space of the staging file system, and what the operation has staged. */
    public StagingSpace space(String operationId) {
        Path directory = layout.operation(operationId);
        Path root = layout.root();
        try {
            Files.createDirectories(root);
            long usable = Files.getFileStore(root).getUsableSpace();
            long staged = 0;
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                // Staged files are <keyspace>/<table>/<file>; the hidden directories hold partial files and markers.
                try (Stream<Path> paths = Files.walk(directory, 3)) {
                    staged = paths.filter(p -> directory.relativize(p).getNameCount() == 3)
                            .filter(p -> !directory
                                    .relativize(p)
                                    .getName(0)
                                    .toString()
                                    .startsWith("."))
                            .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                            .mapToLong(StagingDisk::size)
                            .sum();
                }
            }
            return new StagingSpace(directory.toString(), usable, staged);
        } catch (IOException | UncheckedIOException e) {
            throw StagingDisk.error("cannot read the space of " + root, e);
        }
    }

    /** Removes everything staged for the operation, import markers included. Nothing to remove is fine. */
    public boolean deleteOperation(String operationId) {
        Path directory = layout.operation(operationId);
        try (StagingGuard.Permit permit = guard.removal(operationId)) {
            boolean existed = Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
            StagingDisk.deleteRecursively(directory);
            LOG.info("restore staging removed operationId={} existed={}", operationId, existed);
            return existed;
        }
    }

    // ---- for the import

    /** Held by an import: no upload of the table and no removal of the operation meanwhile. */
    StagingGuard.Permit beginImport(StagedTable table) {
        return guard.importing(table);
    }

    /** The directory Cassandra imports: complete, verified components only. */
    Path filesDirectory(StagedTable table) {
        return layout.filesDirectory(table);
    }

    /** The finished import of the table in this operation, if any. */
    Optional<ImportResult> imported(StagedTable table) {
        return markers.done(table);
    }

    /** An import that was started and did not finish (or whose end was not recorded). */
    Optional<ImportResult> pendingImport(StagedTable table) {
        return markers.pending(table);
    }

    void markPending(StagedTable table, ImportResult started) {
        markers.markPending(table, started);
    }

    /** Records the import as done, then removes what is left of the table's staging (Cassandra moved the files). */
    void markImported(StagedTable table, ImportResult done) {
        markers.markDone(table, done);
        try {
            StagingDisk.deleteRecursively(layout.filesDirectory(table));
            StagingDisk.deleteRecursively(layout.metaDirectory(table));
        } catch (RestoreException e) {
            // The import is done and recorded; what is left goes with the operation's staging.
            LOG.warn("restore staging of an imported table not removed table={} error={}", table, e.getMessage());
        }
    }
}

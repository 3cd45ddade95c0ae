package io.ringvault.agent.snapshot;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which file a download request may read: only a regular file directly inside
 * {@code <dataDirectory>/<keyspace>/<tableDirectory>/snapshots/<backupId>/} of a snapshot this agent took, reached
 * without any symbolic link below the data directory. Every name is checked against the shape Cassandra gives it
 * before it touches the file system, so {@code ..}, separators and absolute paths never get that far.
 */
public class SnapshotFileAccess {
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z0-9_]{1,48}");
    /** SSTable components (with SAI's {@code +} separated names), manifest.json, schema.cql. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,254}");

    private final List<Path> dataDirectories;
    private final SnapshotRegistry registry;
    private final Path logicalRoot;
    private final AnnouncedFiles announced;

    public SnapshotFileAccess(List<Path> dataDirectories, SnapshotRegistry registry) {
        this(dataDirectories, registry, null);
    }

    /** {@link #SnapshotFileAccess(List, SnapshotRegistry, Path, AnnouncedFiles)} serving no export still running. */
    public SnapshotFileAccess(List<Path> dataDirectories, SnapshotRegistry registry, Path logicalRoot) {
        this(dataDirectories, registry, logicalRoot, new AnnouncedFiles());
    }

    /**
     * Access that also serves the files of logical backups: directly inside
     * {@code <logicalRoot>/<backupId>/<keyspace>/<tableDirectory>/}, as data directory 0, for a logical backup this
     * agent exported (null: none are served); while its export still runs, only the files {@code announced} names.
     */
    public SnapshotFileAccess(
            List<Path> dataDirectories, SnapshotRegistry registry, Path logicalRoot, AnnouncedFiles announced) {
        this.dataDirectories = List.copyOf(dataDirectories);
        this.registry = registry;
        this.logicalRoot = logicalRoot;
        this.announced = announced;
    }

    /**
     * The real path of the file to serve.
     *
     * @throws FileAccessException naming why the file is not served
     */
    public Path resolve(
            String backupId, String dataDirectory, String keyspace, String tableDirectory, String fileName) {
        if (!OperationId.isValid(backupId)
                || !KEYSPACE.matcher(keyspace).matches()
                || !FILE_NAME.matcher(fileName).matches()
                || fileName.contains("..")) {
            throw FileAccessException.notFound(FailureReason.INVALID_PATH, "no such snapshot file");
        }
        Matcher table = SnapshotLister.TABLE_DIRECTORY.matcher(tableDirectory);
        if (!table.matches()) {
            throw FileAccessException.notFound(FailureReason.INVALID_PATH, "no such snapshot file");
        }
        int index;
        try {
            index = Integer.parseInt(dataDirectory);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= dataDirectories.size()) {
            throw FileAccessException.notFound(
                    FailureReason.UNKNOWN_DATA_DIRECTORY,
                    "data directory " + dataDirectory + " does not exist on this node");
        }
        // A logical export still running is served file by file, as it announces them.
        SnapshotRecord record = registry.get(backupId)
                .filter(r -> r.status() == SnapshotRecord.Status.TAKEN
                        || (r.logical() && r.status() == SnapshotRecord.Status.TAKING))
                .orElseThrow(() -> FileAccessException.notFound(
                        FailureReason.UNKNOWN_SNAPSHOT, "this node agent holds no snapshot '" + backupId + "'"));
        if (!record.scope().includes(keyspace, table.group(1))) {
            throw FileAccessException.notFound(
                    FailureReason.NOT_IN_SNAPSHOT,
                    "table " + keyspace + "." + table.group(1) + " is not in snapshot '" + backupId + "'");
        }

        if (record.logical()) {
            Path file = exported(backupId, index, keyspace, tableDirectory, fileName);
            Path asAnnounced = logicalRoot
                    .resolve(backupId)
                    .resolve(keyspace)
                    .resolve(tableDirectory)
                    .resolve(fileName);
            if (record.status() == SnapshotRecord.Status.TAKING && !announced.contains(backupId, asAnnounced)) {
                throw FileAccessException.notFound(
                        FailureReason.FILE_NOT_FOUND,
                        "logical backup '" + backupId + "' has not announced " + fileName + " yet");
            }
            return file;
        }
        Path dataRoot = dataDirectories.get(index);
        Path file = dataRoot.resolve(keyspace)
                .resolve(tableDirectory)
                .resolve("snapshots")
                .resolve(backupId)
                .resolve(fileName);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw FileAccessException.notFound(
                    FailureReason.FILE_NOT_FOUND, "snapshot '" + backupId + "' has no file " + fileName);
        }
        Path real;
        Path expected;
        try {
            real = file.toRealPath();
            // The data directory itself may be a link (for example to a mounted volume); nothing below it may be.
            expected = dataRoot.toRealPath()
                    .resolve(keyspace)
                    .resolve(tableDirectory)
                    .resolve("snapshots")
                    .resolve(backupId)
                    .resolve(fileName);
        } catch (IOException e) {
            throw FileAccessException.notFound(
                    FailureReason.FILE_NOT_FOUND, "snapshot '" + backupId + "' has no file " + fileName);
        }
        if (!real.equals(expected)) {
            throw FileAccessException.forbidden(
                    FailureReason.OUTSIDE_SNAPSHOT, "the file leads outside the snapshot directory; it is not served");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw FileAccessException.notFound(
                    FailureReason.FILE_NOT_FOUND, "snapshot '" + backupId + "' has no file " + fileName);
        }
        return real;
    }

    /** A logical backup's file: only below the backup's export directory, announced as data directory 0. */
    private Path exported(String backupId, int index, String keyspace, String tableDirectory, String fileName) {
        if (logicalRoot == null || index != 0) {
            throw FileAccessException.notFound(
                    FailureReason.FILE_NOT_FOUND, "logical backup '" + backupId + "' has no file " + fileName);
        }
        Path file = logicalRoot
                .resolve(backupId)
                .resolve(keyspace)
                .resolve(tableDirectory)
                .resolve(fileName);
        Path real;
        Path expected;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("absent");
            }
            real = file.toRealPath();
            // The work directory may be a link; nothing below it may be.
            expected = logicalRoot
                    .toRealPath()
                    .resolve(backupId)
                    .resolve(keyspace)
                    .resolve(tableDirectory)
                    .resolve(fileName);
        } catch (IOException e) {
            throw FileAccessException.notFound(
                    FailureReason.FILE_NOT_FOUND, "logical backup '" + backupId + "' has no file " + fileName);
        }
        if (!real.equals(expected)) {
            throw FileAccessException.forbidden(
                    FailureReason.OUTSIDE_SNAPSHOT, "the file leads outside the export directory; it is not served");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw FileAccessException.notFound(
                    FailureReason.FILE_NOT_FOUND, "logical backup '" + backupId + "' has no file " + fileName);
        }
        return real;
    }
}

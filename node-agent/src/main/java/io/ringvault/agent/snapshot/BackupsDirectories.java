package io.ringvault.agent.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code backups/} directories of the node's tables, where Cassandra hard-links every SSTable it flushes (or
 * receives by streaming) when {@code incremental_backups} is on. Nothing in Cassandra ever removes those links: this
 * class turns them into an incremental backup and removes them once a backup holds them.
 *
 * <p>An incremental backup is made to look like a snapshot, so the rest of the pipeline (listing, serving, uploading,
 * manifests, restore) handles it unchanged: {@link #linkInto} hard-links each file of {@code backups/} into
 * {@code snapshots/<tag>/} and writes a {@code manifest.json} there in Cassandra's format. The snapshot directory keeps
 * the data alive even if the {@code backups/} link goes away meanwhile.
 *
 * <p>The links are removed only after the backup's manifests are written ({@link #release}), so a crash before that
 * ships the same files again with the next backup (where the differential rule finds them stored): none is lost.
 */
public class BackupsDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(BackupsDirectories.class);

    private final List<Path> dataDirectories;

    public BackupsDirectories(List<Path> dataDirectories) {
        this.dataDirectories = List.copyOf(dataDirectories);
    }

    /** What {@link #release} removed. */
    public record Released(int files, long bytes) {}

    /** One file of a {@code backups/} directory. */
    public record BackupsFile(String keyspace, String table, Path path, long size, Instant lastModified) {}

    /**
     * Hard-links every file of the {@code backups/} directories of the tables in {@code scope} into
     * {@code snapshots/<tag>/}, and writes a {@code manifest.json} listing them into each (an empty one for a table
     * with nothing new), so {@link SnapshotLister} finds every table in scope. Run again after a crash, it links what is
     * not linked yet.
     *
     * @return how many files were linked
     */
    public int linkInto(String tag, SnapshotScope scope, Instant createdAt) {
        int linked = 0;
        for (Path table : tableDirectories(scope)) {
            Path snapshot = table.resolve("snapshots").resolve(tag);
            List<String> names = new ArrayList<>();
            try {
                Files.createDirectories(snapshot);
                for (Path file : regularFiles(table.resolve("backups"))) {
                    Path link = snapshot.resolve(file.getFileName().toString());
                    try {
                        Files.createLink(link, file);
                        linked++;
                    } catch (FileAlreadyExistsException e) {
                        // Linked by an attempt that crashed; the name is the SSTable's, so it is the same file.
                    } catch (NoSuchFileException e) {
                        continue; // removed meanwhile (by a release of an earlier backup): not ours to ship
                    }
                    names.add(file.getFileName().toString());
                }
                Files.write(
                        snapshot.resolve("manifest.json"),
                        manifest(names, createdAt).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot link the incremental backup files of " + table, e);
            }
        }
        return linked;
    }

    /**
     * Removes the {@code backups/} links a complete backup holds. For an incremental backup, the files linked into its
     * snapshot directory (same inode). For a snapshot backup, those too (Cassandra's snapshot links every live SSTable),
     * and every file last written before the snapshot started: its SSTable was flushed before the snapshot, so the
     * snapshot holds its data (or what a compaction made of it). A file flushed after the snapshot started is kept for
     * the next incremental backup.
     */
    public Released release(String tag, SnapshotScope scope, boolean incremental, Instant snapshotStartedAt) {
        int files = 0;
        long bytes = 0;
        for (Path table : tableDirectories(scope)) {
            Path snapshot = table.resolve("snapshots").resolve(tag);
            for (Path file : regularFiles(table.resolve("backups"))) {
                try {
                    BasicFileAttributes attributes =
                            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    Path twin = snapshot.resolve(file.getFileName().toString());
                    boolean held = Files.exists(twin, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(twin, file);
                    boolean older = !incremental
                            && snapshotStartedAt != null
                            && attributes.lastModifiedTime().toInstant().isBefore(snapshotStartedAt);
                    if (held || older) {
                        Files.delete(file);
                        files++;
                        bytes += attributes.size();
                    }
                } catch (NoSuchFileException e) {
                    // Already removed.
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + file, e);
                }
            }
        }
        LOG.info("backups/ links released tag={} incremental={} files={} bytes={}", tag, incremental, files, bytes);
        return new Released(files, bytes);
    }

    /**
     * Hands every file of the {@code backups/} directory of every table this node can back up to {@code visitor}.
     * The keyspaces the agent never backs up ({@link SnapshotScope#FORBIDDEN_KEYSPACES}: {@code system} and the like,
     * whose tables Cassandra flushes too) are left out: no backup ever ships those files, so they are not lag, and
     * removing them is Cassandra's operator's business.
     */
    public void forEach(Consumer<BackupsFile> visitor) {
        for (Path dataDirectory : dataDirectories) {
            for (Path keyspace : children(dataDirectory)) {
                if (!Files.isDirectory(keyspace, LinkOption.NOFOLLOW_LINKS)
                        || SnapshotScope.FORBIDDEN_KEYSPACES.contains(
                                keyspace.getFileName().toString())) {
                    continue;
                }
                for (Path table : children(keyspace)) {
                    Matcher name = SnapshotLister.TABLE_DIRECTORY.matcher(
                            table.getFileName().toString());
                    if (!name.matches()) {
                        continue;
                    }
                    for (Path file : regularFiles(table.resolve("backups"))) {
                        try {
                            BasicFileAttributes attributes =
                                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            visitor.accept(new BackupsFile(
                                    keyspace.getFileName().toString(),
                                    name.group(1),
                                    file,
                                    attributes.size(),
                                    attributes.lastModifiedTime().toInstant()));
                        } catch (NoSuchFileException e) {
                            // Removed meanwhile.
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot read " + file, e);
                        }
                    }
                }
            }
        }
    }

    /** Cassandra 5.0's snapshot manifest: the files, and when the snapshot was made. */
    private static String manifest(List<String> names, Instant createdAt) {
        StringBuilder json = new StringBuilder("{\"files\":[");
        for (int i = 0; i < names.size(); i++) {
            // SSTable component names are plain ([A-Za-z0-9_.+-]), nothing to escape.
            json.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
        }
        return json.append("],\"created_at\":\"")
                .append(createdAt)
                .append("\",\"expires_at\":null,\"ephemeral\":false}")
                .toString();
    }

    private List<Path> tableDirectories(SnapshotScope scope) {
        List<Path> tables = new ArrayList<>();
        for (Path dataDirectory : dataDirectories) {
            for (String keyspace : scope.keyspaces()) {
                Path keyspaceDirectory = dataDirectory.resolve(keyspace);
                if (!Files.isDirectory(keyspaceDirectory, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                for (Path table : children(keyspaceDirectory)) {
                    Matcher name = SnapshotLister.TABLE_DIRECTORY.matcher(
                            table.getFileName().toString());
                    if (name.matches() && scope.includes(keyspace, name.group(1))) {
                        tables.add(table);
                    }
                }
            }
        }
        return tables;
    }

    private static List<Path> regularFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        for (Path child : children(directory)) {
            if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                files.add(child);
            }
        }
        return files;
    }

    private static List<Path> children(Path directory) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            return children;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return children;
    }
}

package io.ringvault.agent.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the files of a snapshot under the node's data directories (several with JBOD). Only regular files directly in
 * {@code snapshots/<tag>/} are listed: SSTable components (SAI index components included, they sit beside the
 * SSTable), {@code manifest.json} and {@code schema.cql}. Subdirectories, which hold legacy secondary indexes
 * ({@code .<index>/}), are skipped: Cassandra rebuilds those indexes when SSTables are imported. Symbolic links are
 * skipped too: Cassandra's snapshot files are hard links, so a symbolic link is not Cassandra's.
 */
public class SnapshotLister {
    /** {@code <table>-<tableId>}: Cassandra's table directory name. */
    public static final Pattern TABLE_DIRECTORY = Pattern.compile("([A-Za-z0-9_]{1,48})-([0-9a-f]{32})");

    private final List<Path> dataDirectories;

    public SnapshotLister(List<Path> dataDirectories) {
        this.dataDirectories = List.copyOf(dataDirectories);
    }

    public List<Path> dataDirectories() {
        return dataDirectories;
    }

    /** The files of snapshot {@code tag} of the tables in {@code scope}, sorted by directory and name. */
    public List<SnapshotFile> list(String tag, SnapshotScope scope) {
        List<SnapshotFile> files = new ArrayList<>();
        for (int index = 0; index < dataDirectories.size(); index++) {
            for (String keyspace : scope.keyspaces()) {
                Path keyspaceDirectory = dataDirectories.get(index).resolve(keyspace);
                if (!Files.isDirectory(keyspaceDirectory)) {
                    continue;
                }
                for (Path tableDirectory : children(keyspaceDirectory)) {
                    Matcher name =
                            TABLE_DIRECTORY.matcher(tableDirectory.getFileName().toString());
                    if (!name.matches() || !scope.includes(keyspace, name.group(1))) {
                        continue;
                    }
                    Path snapshot = tableDirectory.resolve("snapshots").resolve(tag);
                    if (!Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    for (Path file : children(snapshot)) {
                        BasicFileAttributes attributes = attributes(file);
                        if (attributes.isRegularFile()) {
                            files.add(new SnapshotFile(
                                    index,
                                    keyspace,
                                    name.group(1),
                                    name.group(2),
                                    name.group(0),
                                    file.getFileName().toString(),
                                    attributes.size(),
                                    file.toAbsolutePath()));
                        }
                    }
                }
            }
        }
        files.sort(Comparator.comparingInt(SnapshotFile::dataDirectory)
                .thenComparing(SnapshotFile::keyspace)
                .thenComparing(SnapshotFile::tableDirectory)
                .thenComparing(SnapshotFile::fileName));
        return files;
    }

    private static List<Path> children(Path directory) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return children;
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

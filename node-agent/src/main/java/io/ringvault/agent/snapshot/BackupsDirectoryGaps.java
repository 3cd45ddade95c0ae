package io.ringvault.agent.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables whose {@code backups/} directory lost files no backup shipped (removed after
 * {@code ringvault.agent.backups-directory.max-unshipped-age}), kept in {@code <workDirectory>/backups-gaps.txt}, one
 * {@code keyspace.table} per line. Their next incremental backup would miss those files, so this node takes a snapshot
 * instead; a complete snapshot backup of a table closes its gap.
 */
public class BackupsDirectoryGaps {
    static final String FILE_NAME = "backups-gaps.txt";

    private final Path file;
    private final Set<String> tables = new TreeSet<>();

    public BackupsDirectoryGaps(Path workDirectory) {
        this.file = workDirectory.resolve(FILE_NAME);
        try {
            Files.createDirectories(workDirectory);
            if (Files.exists(file)) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty())
                        .forEach(tables::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Records that {@code table} ({@code keyspace.table}) lost unshipped files. */
    public synchronized void open(String table) {
        if (tables.add(table)) {
            write();
        }
    }

    /** The tables of {@code scope} with a gap, sorted. */
    public synchronized Set<String> in(SnapshotScope scope) {
        Set<String> found = new TreeSet<>();
        for (String table : tables) {
            int dot = table.indexOf('.');
            if (scope.includes(table.substring(0, dot), table.substring(dot + 1))) {
                found.add(table);
            }
        }
        return found;
    }

    /** Forgets the gaps of {@code closed}: a complete snapshot backup holds those tables whole. */
    public synchronized void close(Collection<String> closed) {
        if (tables.removeAll(closed)) {
            write();
        }
    }

    private void write() {
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(temporary, tables, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

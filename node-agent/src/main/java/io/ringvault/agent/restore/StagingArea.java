package io.ringvault.agent.restore;

import io.ringvault.agent.restore.RestoreException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restore staging area on the node: the restorer streams SSTable components into it, the agent checks each one's
 * SHA-256 while writing, and Cassandra imports a table's directory from it. It lives on the file system of the data
 * directories so that Cassandra's import moves files (a rename) instead of copying them.
 *
 * <pre>
 * &lt;root&gt;/&lt;operationId&gt;/&lt;keyspace&gt;/&lt;table&gt;/&lt;component&gt;          complete, verified files (what is imported)
 * &lt;root&gt;/&lt;operationId&gt;/.meta/&lt;keyspace&gt;/&lt;table&gt;/&lt;component&gt;.part   an upload in progress
 * &lt;root&gt;/&lt;operationId&gt;/.meta/&lt;keyspace&gt;/&lt;table&gt;/&lt;component&gt;.sha256 "&lt;sha256&gt; &lt;size&gt;" of a staged file
 * &lt;root&gt;/&lt;operationId&gt;/.imported/&lt;keyspace&gt;.&lt;table&gt;[.pending].json   an import started / done
 * </pre>
 *
 * Only complete components are ever in a table directory: Cassandra takes any file there that looks like a component
 * of an SSTable, so partial files and checksums live beside it. Keyspace names cannot start with a dot, so the hidden
 * directories never meet a keyspace.
 */
public class StagingArea {
    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String META = ".meta";
    private static final String IMPORTED = ".imported";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final StagingGuard guard = new StagingGuard();

    public StagingArea(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Creates the staging root, and warns when it is not on the file system of {@code dataDirectory}: Cassandra then
     * copies every imported file instead of moving it (or fails), and the node needs room for the data twice.
     */
    public static StagingArea open(Path root, Path dataDirectory) {
        StagingArea area = new StagingArea(root);
        try {
            Files.createDirectories(area.root);
            FileStore staging = Files.getFileStore(area.root);
            FileStore data = Files.getFileStore(dataDirectory);
            if (!staging.equals(data)) {
                LOG.warn(
                        "restore staging directory is not on the data directory's file system staging={} ({})"
                                + " dataDirectory={} ({}); imports will copy instead of move",
                        area.root,
                        staging.name(),
                        dataDirectory,
                        data.name());
            }
        } catch (IOException e) {
            // Backups work without staging; restores fail on this directory, naming it.
            LOG.warn("restore staging directory not usable staging={} error={}", area.root, e.toString());
        }
        return area;
    }

    public Path root() {
        return root;
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
        StagedTable.fileName(fileName);
        if (expectedSha256 == null || expectedSha256.isBlank()) {
            throw new RestoreException(
                    Reason.MISSING_CHECKSUM, "an upload needs the header X-Ringvault-Sha256 with the file's SHA-256");
        }
        if (!SHA256.matcher(expectedSha256.strip()).matches()) {
            throw new RestoreException(
                    Reason.INVALID_CHECKSUM, "X-Ringvault-Sha256 must be 64 hexadecimal characters (a SHA-256)");
        }
        String expected = expectedSha256.strip().toLowerCase(Locale.ROOT);
        try (StagingGuard.Permit permit = guard.upload(table, fileName)) {
            if (imported(table).isPresent()) {
                throw new RestoreException(
                        Reason.ALREADY_IMPORTED,
                        table.qualifiedName() + " was already imported for operation " + table.operationId()
                                + "; nothing more is staged for it");
            }
            Path target = inside(filesDirectory(table).resolve(fileName));
            Optional<StagedFile> existing = staged(table, fileName);
            if (existing.isPresent()
                    && existing.get().sha256().equals(expected)
                    && (contentLength < 0 || existing.get().size() == contentLength)) {
                LOG.info(
                        "restore file already staged operationId={} table={} file={} size={}",
                        table.operationId(),
                        table.qualifiedName(),
                        fileName,
                        existing.get().size());
                return new StageResult(existing.get(), true);
            }
            StagedFile written = write(table, fileName, target, expected, contentLength, body);
            LOG.info(
                    "restore file staged operationId={} table={} file={} size={} sha256={}",
                    table.operationId(),
                    table.qualifiedName(),
                    fileName,
                    written.size(),
                    written.sha256());
            return new StageResult(written, false);
        }
    }

    private StagedFile write(
            StagedTable table, String fileName, Path target, String expected, long contentLength, InputStream body) {
        Path meta = inside(metaDirectory(table));
        Path part = meta.resolve(fileName + ".part");
        try {
            Files.createDirectories(meta);
            Files.createDirectories(target.getParent());
            if (contentLength > 0) {
                long usable = Files.getFileStore(meta).getUsableSpace();
                if (contentLength > usable) {
                    throw new RestoreException(
                            Reason.INSUFFICIENT_SPACE,
                            fileName + " of " + table.qualifiedName() + " needs " + contentLength + " bytes; the"
                                    + " staging file system has " + usable + " usable bytes");
                }
            }
        } catch (IOException e) {
            throw stagingError("cannot prepare " + meta, e);
        }
        MessageDigest digest = sha256();
        long written = 0;
        boolean complete = false;
        try (FileChannel out = FileChannel.open(
                        part,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                DigestInputStream in = new DigestInputStream(body, digest)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            while (true) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    throw new RestoreException(
                            Reason.INCOMPLETE_BODY,
                            "the body of " + fileName + " broke off after " + written + " bytes: " + e.getMessage(),
                            e);
                }
                if (read < 0) {
                    break;
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                written += read;
            }
            if (contentLength >= 0 && written != contentLength) {
                throw new RestoreException(
                        Reason.INCOMPLETE_BODY,
                        "the body of " + fileName + " has " + written + " bytes; Content-Length said " + contentLength);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                LOG.warn(
                        "restore file refused: checksum mismatch operationId={} table={} file={} expected={} actual={}"
                                + " size={}",
                        table.operationId(),
                        table.qualifiedName(),
                        fileName,
                        expected,
                        actual,
                        written);
                throw new RestoreException(
                        Reason.CHECKSUM_MISMATCH,
                        "file " + fileName + " of " + table.qualifiedName() + ": X-Ringvault-Sha256 is " + expected
                                + " but the " + written + " bytes received have SHA-256 " + actual
                                + "; nothing was staged");
            }
            // On disk before it gets its name: a listed file survives a crash of the node.
            out.force(true);
            writeChecksum(meta.resolve(fileName + ".sha256"), actual, written);
            move(part, target);
            complete = true;
            return new StagedFile(fileName, written, actual);
        } catch (IOException e) {
            throw stagingError("cannot write " + target, e);
        } finally {
            if (!complete) {
                deleteQuietly(part);
            }
        }
    }

    /** The completely staged files of {@code table}, by name; never a partial one. */
    public List<StagedFile> list(StagedTable table) {
        Path directory = inside(filesDirectory(table));
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<StagedFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    staged(table, entry.getFileName().toString()).ifPresent(files::add);
                }
            }
        } catch (IOException e) {
            throw stagingError("cannot list " + directory, e);
        }
        files.sort(Comparator.comparing(StagedFile::fileName));
        return files;
    }

    /** The usable space of the staging file system, and what the operation has staged. */
    public StagingSpace space(String operationId) {
        Path directory = inside(root.resolve(StagedTable.operationId(operationId)));
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
                            .mapToLong(StagingArea::size)
                            .sum();
                }
            }
            return new StagingSpace(directory.toString(), usable, staged);
        } catch (IOException | UncheckedIOException e) {
            throw stagingError("cannot read the space of " + root, e);
        }
    }

    /** Removes everything staged for the operation, import markers included. Nothing to remove is fine. */
    public boolean deleteOperation(String operationId) {
        Path directory = inside(root.resolve(StagedTable.operationId(operationId)));
        try (StagingGuard.Permit permit = guard.removal(operationId)) {
            boolean existed = Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
            deleteRecursively(directory);
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
        return root.resolve(table.operationId()).resolve(table.keyspace()).resolve(table.table());
    }

    /** The finished import of the table in this operation, if any. */
    Optional<ImportResult> imported(StagedTable table) {
        return readMarker(marker(table, false));
    }

    /** An import that was started and did not finish (or whose end was not recorded). */
    Optional<ImportResult> pendingImport(StagedTable table) {
        return readMarker(marker(table, true));
    }

    void markPending(StagedTable table, ImportResult started) {
        writeMarker(marker(table, true), started);
    }

    /** Records the import as done, then removes what is left of the table's staging (Cassandra moved the files). */
    void markImported(StagedTable table, ImportResult done) {
        writeMarker(marker(table, false), done);
        deleteQuietly(marker(table, true));
        try {
            deleteRecursively(inside(filesDirectory(table)));
            deleteRecursively(inside(metaDirectory(table)));
        } catch (RestoreException e) {
            // The import is done and recorded; what is left goes with the operation's staging.
            LOG.warn("restore staging of an imported table not removed table={} error={}", table, e.getMessage());
        }
    }

    // ---- files

    private Path metaDirectory(StagedTable table) {
        return root.resolve(table.operationId())
                .resolve(META)
                .resolve(table.keyspace())
                .resolve(table.table());
    }

    private Path marker(StagedTable table, boolean pending) {
        return inside(root.resolve(table.operationId())
                .resolve(IMPORTED)
                .resolve(table.keyspace() + "." + table.table() + (pending ? ".pending.json" : ".json")));
    }

    /** A staged file with its recorded checksum; recomputed (and recorded) when the record is missing or stale. */
    private Optional<StagedFile> staged(StagedTable table, String fileName) {
        Path file = inside(filesDirectory(table).resolve(fileName));
        Path checksum = inside(metaDirectory(table).resolve(fileName + ".sha256"));
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            long size = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .size();
            if (Files.isRegularFile(checksum)) {
                String[] recorded = Files.readString(checksum, StandardCharsets.US_ASCII)
                        .strip()
                        .split(" ");
                if (recorded.length == 2
                        && SHA256.matcher(recorded[0]).matches()
                        && recorded[1].equals(Long.toString(size))) {
                    return Optional.of(new StagedFile(fileName, size, recorded[0]));
                }
            }
            String sha256 = sha256Of(file);
            Files.createDirectories(checksum.getParent());
            writeChecksum(checksum, sha256, size);
            LOG.info(
                    "restore file checksum recomputed operationId={} table={} file={}",
                    table.operationId(),
                    table.qualifiedName(),
                    fileName);
            return Optional.of(new StagedFile(fileName, size, sha256));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw stagingError("cannot read " + file, e);
        }
    }

    private static void writeChecksum(Path checksum, String sha256, long size) throws IOException {
        Path temporary = checksum.resolveSibling(checksum.getFileName() + ".tmp");
        Files.writeString(temporary, sha256 + " " + size + "\n", StandardCharsets.US_ASCII);
        move(temporary, checksum);
    }

    private Optional<ImportResult> readMarker(Path marker) {
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(marker.toFile(), ImportResult.class));
        } catch (JacksonException e) {
            throw stagingError("cannot read the import marker " + marker, e);
        }
    }

    private void writeMarker(Path marker, ImportResult result) {
        try {
            Files.createDirectories(marker.getParent());
            Path temporary = marker.resolveSibling(marker.getFileName() + ".tmp");
            Files.write(temporary, JSON.writeValueAsBytes(result));
            move(temporary, marker);
        } catch (IOException | JacksonException e) {
            throw stagingError("cannot write the import marker " + marker, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Every path the agent touches stays under the staging root, whatever the names (checked already) contain. */
    private Path inside(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new RestoreException(Reason.INVALID_NAME, "the path leads outside the staging directory");
        }
        return normalized;
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw stagingError("cannot remove " + directory, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove file={} error={}", file, e.toString());
        }
    }

    private static RestoreException stagingError(String what, Exception e) {
        return new RestoreException(Reason.STAGING_ERROR, what + ": " + e.getMessage(), e);
    }
}

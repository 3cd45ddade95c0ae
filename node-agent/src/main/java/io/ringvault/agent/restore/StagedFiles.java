package io.ringvault.agent.restore;

import io.ringvault.storage.Checksums;
import io.ringvault.storage.VerifiedFileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The complete staged files of a table with their size and SHA-256, which tell a resumed restorer what it need not send
 * again. A file's checksum record is trusted when it is well formed and its size is the file's; otherwise the SHA-256
 * is computed again from the file, and recorded.
 */
final class StagedFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StagedFiles.class);
    static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int BUFFER_SIZE = 64 * 1024;

    private final StagingLayout layout;

    StagedFiles(StagingLayout layout) {
        this.layout = layout;
    }

    /** The completely staged files of {@code table}, by name; never a partial one. */
    List<StagedFile> list(StagedTable table) {
        Path directory = layout.filesDirectory(table);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<StagedFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    find(table, entry.getFileName().toString()).ifPresent(files::add);
                }
            }
        } catch (IOException e) {
            throw StagingDisk.error("cannot list " + directory, e);
        }
        files.sort(Comparator.comparing(StagedFile::fileName));
        return files;
    }

    /** A staged file with its recorded checksum; recomputed (and recorded) when the record is missing or stale. */
    Optional<StagedFile> find(StagedTable table, String fileName) {
        Path file = layout.file(table, fileName);
        Path checksum = layout.checksumRecord(table, fileName);
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
            record(checksum, sha256, size);
            LOG.info(
                    "restore file checksum recomputed operationId={} table={} file={}",
                    table.operationId(),
                    table.qualifiedName(),
                    fileName);
            return Optional.of(new StagedFile(fileName, size, sha256));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StagingDisk.error("cannot read " + file, e);
        }
    }

    /** Records the checksum of a file about to be staged (before it gets its name, so a listed file has one). */
    void record(StagedTable table, String fileName, String sha256, long size) throws IOException {
        record(layout.checksumRecord(table, fileName), sha256, size);
    }

    private static void record(Path checksum, String sha256, long size) throws IOException {
        VerifiedFileWriter.replace(checksum, (sha256 + " " + size + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest digest = Checksums.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

package io.ringvault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files that are either complete and verified or absent under their name: the content streams into a temporary
 * file, 64 KiB at a time (never whole in memory), with its SHA-256 computed on the way; the file is forced to disk; the
 * caller checks size and checksum and only then gives the file its name with an atomic rename; and
 * {@link #syncDirectories} makes renames durable, one sync shared by the writers that asked meanwhile.
 *
 * <p>The filesystem object store writes its objects with it, and the node agent the SSTable components a restore
 * stages. Thread-safe: one instance serves every writer of a store or staging area.
 */
public final class VerifiedFileWriter {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedFileWriter.class);
    private static final int BUFFER = 64 * 1024;

    private final DirectorySyncs directorySyncs = new DirectorySyncs();

    /**
     * Copies {@code content} to its end into {@code temporary} (created, or emptied if it is left from an earlier
     * attempt), computing its SHA-256, and forces the file to disk. The directory must exist. The caller checks the
     * result, then {@linkplain Written#moveTo moves} it into place; closing the result removes the temporary file
     * unless it was moved. Exceptions the content's stream throws unchecked pass through as they are.
     *
     * @throws ContentException reading {@code content} failed (the sender's side); the temporary file is removed
     * @throws IOException writing or forcing the temporary file failed; it is removed
     */
    public Written write(Path temporary, InputStream content) throws IOException {
        MessageDigest digest = Checksums.sha256();
        long size = 0;
        boolean written = false;
        try (FileChannel out = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int read;
                try {
                    read = content.read(buffer);
                } catch (IOException e) {
                    throw new ContentException(size, e);
                }
                if (read < 0) {
                    break;
                }
                digest.update(buffer, 0, read);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                size += read;
            }
            // On disk before it can get its name: a file under its name survives a crash of the machine.
            out.force(true);
            written = true;
        } finally {
            if (!written) {
                deleteQuietly(temporary);
            }
        }
        return new Written(temporary, size, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Makes the renames in {@code directories} (and the directories created in them) durable: returns once a sync
     * that started after this call covered them. Writers asking at the same time share one sync of each directory.
     */
    public void syncDirectories(Set<Path> directories) throws IOException {
        directorySyncs.sync(directories);
    }

    /**
     * Renames {@code from} to {@code to}, replacing it, atomically; where the file system cannot (not within one
     * directory, exotic file systems), a plain replace is the best it offers.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Replaces a small file in one step: {@code content} goes to {@code <name>.tmp} beside it, which is then
     * {@linkplain #move moved} onto it. Readers see the old content or the new, never a part. Not forced to disk.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, content);
        move(temporary, target);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Harmless: temporary names are never the names of complete files.
            LOG.warn("temporary file not removed file={} error={}", file, e.toString());
        }
    }

    /**
     * A file written completely and forced to disk, still under its temporary name: its size and SHA-256 (64
     * lower-case hex digits) are what the caller checks before {@link #moveTo}.
     */
    public static final class Written implements AutoCloseable {
        private final Path file;
        private final long size;
        private final String sha256;
        private boolean moved;

        private Written(Path file, long size, String sha256) {
            this.file = file;
            this.size = size;
            this.sha256 = sha256;
        }

        /** The temporary file. */
        public Path file() {
            return file;
        }

        public long size() {
            return size;
        }

        /** SHA-256 of the bytes written, 64 lower-case hex digits. */
        public String sha256() {
            return sha256;
        }

        /** Gives the file its name: an atomic rename, replacing what was there. */
        public void moveTo(Path target) throws IOException {
            move(file, target);
            moved = true;
        }

        /** Removes the temporary file unless it was moved: a file the caller refused never gets a name. */
        @Override
        public void close() {
            if (!moved) {
                deleteQuietly(file);
            }
        }
    }

    /** Reading the content failed: the sender's side (a broken upload, a failing source), not the file system's. */
    public static final class ContentException extends IOException {
        private final long bytesRead;

        ContentException(long bytesRead, IOException cause) {
            super(cause.getMessage(), cause);
            this.bytesRead = bytesRead;
        }

        /** The bytes read (and written) before it failed. */
        public long bytesRead() {
            return bytesRead;
        }
    }
}

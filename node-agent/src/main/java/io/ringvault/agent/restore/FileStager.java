package io.ringvault.agent.restore;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.VerifiedFileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages one uploaded SSTable component: the body streams into {@code <component>.part} through the storage module's
 * {@link VerifiedFileWriter} (SHA-256 while writing, forced to disk), must have the announced length and SHA-256, gets
 * its checksum record, and only then its name, with an atomic rename. A file already staged with the same SHA-256 is
 * kept without reading the body.
 */
final class FileStager {
    private static final Logger LOG = LoggerFactory.getLogger(FileStager.class);

    private final StagingLayout layout;
    private final StagedFiles staged;
    private final ImportMarkers markers;
    private final StagingGuard guard;
    private final VerifiedFileWriter writer = new VerifiedFileWriter();

    FileStager(StagingLayout layout, StagedFiles staged, ImportMarkers markers, StagingGuard guard) {
        this.layout = layout;
        this.staged = staged;
        this.markers = markers;
        this.guard = guard;
    }

    /** See {@link StagingArea#stage}. */
    StageResult stage(StagedTable table, String fileName, String expectedSha256, long contentLength, InputStream body) {
        StagedTable.fileName(fileName);
        if (expectedSha256 == null || expectedSha256.isBlank()) {
            throw new RestoreException(
                    FailureReason.MISSING_CHECKSUM,
                    "an upload needs the header X-Ringvault-Sha256 with the file's SHA-256");
        }
        if (!StagedFiles.SHA256.matcher(expectedSha256.strip()).matches()) {
            throw new RestoreException(
                    FailureReason.INVALID_CHECKSUM, "X-Ringvault-Sha256 must be 64 hexadecimal characters (a SHA-256)");
        }
        String expected = expectedSha256.strip().toLowerCase(Locale.ROOT);
        try (StagingGuard.Permit permit = guard.upload(table, fileName)) {
            if (markers.done(table).isPresent()) {
                throw new RestoreException(
                        FailureReason.ALREADY_IMPORTED,
                        table.qualifiedName() + " was already imported for operation " + table.operationId()
                                + "; nothing more is staged for it");
            }
            Path target = layout.file(table, fileName);
            Optional<StagedFile> existing = staged.find(table, fileName);
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
        Path meta = layout.metaDirectory(table);
        Path part = layout.part(table, fileName);
        try {
            Files.createDirectories(meta);
            Files.createDirectories(target.getParent());
            if (contentLength > 0) {
                long usable = Files.getFileStore(meta).getUsableSpace();
                if (contentLength > usable) {
                    throw new RestoreException(
                            FailureReason.INSUFFICIENT_SPACE,
                            fileName + " of " + table.qualifiedName() + " needs " + contentLength + " bytes; the"
                                    + " staging file system has " + usable + " usable bytes");
                }
            }
        } catch (IOException e) {
            throw StagingDisk.error("cannot prepare " + meta, e);
        }
        // Closing it removes the partial file unless it was moved into place: a refused body is never staged.
        try (VerifiedFileWriter.Written written = writer.write(part, body)) {
            if (contentLength >= 0 && written.size() != contentLength) {
                throw new RestoreException(
                        FailureReason.INCOMPLETE_BODY,
                        "the body of " + fileName + " has " + written.size() + " bytes; Content-Length said "
                                + contentLength);
            }
            String actual = written.sha256();
            if (!actual.equals(expected)) {
                LOG.warn(
                        "restore file refused: checksum mismatch operationId={} table={} file={} expected={} actual={}"
                                + " size={}",
                        table.operationId(),
                        table.qualifiedName(),
                        fileName,
                        expected,
                        actual,
                        written.size());
                throw new RestoreException(
                        FailureReason.CHECKSUM_MISMATCH,
                        "file " + fileName + " of " + table.qualifiedName() + ": X-Ringvault-Sha256 is " + expected
                                + " but the " + written.size() + " bytes received have SHA-256 " + actual
                                + "; nothing was staged");
            }
            staged.record(table, fileName, actual, written.size());
            written.moveTo(target);
            return new StagedFile(fileName, written.size(), actual);
        } catch (VerifiedFileWriter.ContentException e) {
            throw new RestoreException(
                    FailureReason.INCOMPLETE_BODY,
                    "the body of " + fileName + " broke off after " + e.bytesRead() + " bytes: " + e.getMessage(),
                    e.getCause());
        } catch (IOException e) {
            throw StagingDisk.error("cannot write " + target, e);
        }
    }
}

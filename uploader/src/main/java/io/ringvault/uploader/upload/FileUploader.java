package io.ringvault.uploader.upload;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.Event;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one snapshot file and says what happened, as the event to publish: {@link FileStored} (uploaded, or reused in
 * a differential backup) or {@link NodeFailed} once retries cannot help. No Kafka here.
 *
 * <p>The differential rule: an object under the file's key of the same size that has a ringvault checksum is the same
 * SSTable component (they never change once written), so it is reused. An object without a checksum (written by
 * something else, or whose write did not finish recording it) is uploaded again. What a batch's {@link StoredFiles}
 * knows (a listing of the table's directory, the node's previous manifest) answers most files; the others cost one
 * HeadObject each. Nothing lists the whole bucket.
 *
 * <p>Retries: the lookup (head) and the transfer of a file (download, upload) each run in a Resilience4j {@link Retry}
 * (built by {@code RetryPolicies}) that retries only what can succeed later: a failure whose {@link FailureReason} is
 * retryable ({@link Failures#retryable}). The object store classified its own failures; the agent's answers carry the
 * agent's reasons ({@link SourceException}); a cancelled backup's transfer fails with {@code cancelled}, never retried.
 *
 * <p>Cancelled backups ({@link CancelledBackups}): a file of one is dropped before its lookup or upload starts, its
 * upload in flight is aborted (the store abandons the object), and an outcome reached after the cancel is not reported.
 * Each of these throws {@link UploadCancelled}: nothing is to be published for the file.
 */
public class FileUploader {
    private static final String NO_TABLE_DIRECTORY = "the file.ready names neither tableDirectory nor tableId";

    private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final FileSource source;
    private final Bandwidth bandwidth;
    private final Retry retry;
    private final PreviousBackups previousBackups;
    private final BackupListings backupListings = new BackupListings();
    private final CancelledBackups cancels;

    public FileUploader(
            ObjectStore store,
            ObjectLayout layout,
            FileSource source,
            Bandwidth bandwidth,
            Retry retry,
            CancelledBackups cancels) {
        this.store = store;
        this.layout = layout;
        this.source = source;
        this.bandwidth = bandwidth;
        this.retry = retry;
        this.cancels = cancels;
        this.previousBackups = new PreviousBackups(store, layout);
    }

    /** What the lookups of a batch of {@code files} share: see {@link StoredFiles}. */
    public StoredFiles storedFiles(List<FileReady> files) {
        Map<String, Integer> filesPerDirectory = new HashMap<>();
        for (FileReady file : files) {
            String tableDirectory = tableDirectory(file);
            if (file.mode().reusesStoredFiles()
                    && tableDirectory != null
                    && !ObjectLayout.isPerSnapshot(file.fileName())) {
                filesPerDirectory.merge(
                        layout.tableFiles(file.node().hostId(), file.keyspace(), tableDirectory), 1, Integer::sum);
            }
        }
        return new StoredFiles(store, layout, previousBackups, retry, backupListings, filesPerDirectory);
    }

    /**
     * Stores {@code file} of backup {@code backupId}, or reuses the copy already stored: {@link #reuse}, then
     * {@link #store} if nothing could be reused. Never throws for a failure of the file itself.
     *
     * @throws UploadCancelled when the backup is cancelled
     */
    public Event upload(String backupId, FileReady file) {
        return reuse(backupId, file).orElseGet(() -> store(backupId, file));
    }

    /**
     * The differential rule alone, without reading the file: {@link FileStored} with {@code reused=true} when the
     * object already stored under the file's key is this file, {@link NodeFailed} when that cannot be found out, empty
     * when the file must be uploaded (full mode, no object, another size, no checksum). A lookup moves no data, so the
     * uploader runs more of them at once than uploads.
     *
     * @throws UploadCancelled when the backup is cancelled, before the lookup or by the time it is answered
     */
    public Optional<Event> reuse(String backupId, FileReady file) {
        return reuse(backupId, file, StoredFiles.NONE);
    }

    /** {@link #reuse(String, FileReady)}, answered by what {@code known} knows where it can. */
    public Optional<Event> reuse(String backupId, FileReady file, StoredFiles known) {
        cancels.check(backupId, false);
        Optional<Event> reused = lookUp(backupId, file, known);
        if (reused.isPresent()) {
            cancels.check(backupId, false);
        }
        return reused;
    }

    private Optional<Event> lookUp(String backupId, FileReady file, StoredFiles known) {
        if (!file.mode().reusesStoredFiles()) {
            return Optional.empty();
        }
        String key = key(backupId, file);
        if (key == null) {
            return Optional.of(failed(backupId, file, NO_TABLE_DIRECTORY));
        }
        if (ObjectLayout.isPerSnapshot(file.fileName())) {
            return Optional.empty(); // kept per backup, never shared: nothing to look up
        }
        StoredFiles.Answer answer = known.lookup(
                backupId, file.node().hostId(), file.keyspace(), file.table(), tableDirectory(file), key, file.size());
        if (answer.kind() == StoredFiles.Answer.Kind.ABSENT) {
            return Optional.empty();
        }
        if (answer.kind() == StoredFiles.Answer.Kind.STORED) {
            return Optional.of(reused(backupId, file, key, answer.checksum()));
        }
        Optional<StoredObject> existing;
        try {
            existing = retry.executeCallable(() -> store.head(key));
        } catch (Exception e) {
            return Optional.of(failure(backupId, file, key, e));
        }
        if (existing.isPresent()
                && existing.get().size() == file.size()
                && existing.get().checksum() != null) {
            return Optional.of(reused(backupId, file, key, existing.get().checksum()));
        }
        return Optional.empty();
    }

    private FileStored reused(String backupId, FileReady file, String key, String checksum) {
        LOG.info(
                "file reused backupId={} node={} key={} bytes={}",
                backupId,
                file.node().hostId(),
                key,
                file.size());
        return stored(file, key, checksum, true);
    }

    /**
     * Uploads {@code file} without looking for a stored copy; never throws for a failure of the file itself.
     *
     * @throws UploadCancelled when the backup is cancelled: before the upload starts, while it runs (it is aborted), or
     *     by the time it is done (the object is stored, but not reported)
     */
    public Event store(String backupId, FileReady file) {
        cancels.check(backupId, false);
        String key = key(backupId, file);
        if (key == null) {
            return failed(backupId, file, NO_TABLE_DIRECTORY);
        }
        Event outcome;
        try {
            outcome = retry.executeCallable(() -> transfer(backupId, file, key));
        } catch (Exception e) {
            // Whatever the transfer failed on (often the cancel itself), a cancelled backup's file is dropped.
            cancels.check(backupId, true);
            return failure(backupId, file, key, e);
        }
        cancels.check(backupId, true);
        return outcome;
    }

    private String key(String backupId, FileReady file) {
        String tableDirectory = tableDirectory(file);
        if (tableDirectory == null) {
            return null;
        }
        return layout.snapshotFile(
                file.node().hostId(), file.keyspace(), tableDirectory, backupId, file.dataDirectory(), file.fileName());
    }

    private NodeFailed failure(String backupId, FileReady file, String key, Exception e) {
        LOG.warn(
                "file failed backupId={} node={} key={} retryable={} error={}",
                backupId,
                file.node().hostId(),
                key,
                Failures.retryable(e),
                e.getMessage());
        return failed(backupId, file, e.getMessage());
    }

    private FileStored transfer(String backupId, FileReady file, String key) throws IOException {
        if (cancels.isCancelled(backupId)) {
            throw new TransferCancelled(backupId, null); // cancelled while waiting to retry
        }
        StoredObject stored;
        // The guard outermost: a cancel wakes a read waiting for bandwidth or for the agent.
        try (InputStream in = cancels.guard(backupId, bandwidth.throttle(source.open(backupId, file)))) {
            stored = store.put(key, in, file.size());
        }
        LOG.info(
                "file stored backupId={} node={} key={} bytes={} checksum={}",
                backupId,
                file.node().hostId(),
                key,
                stored.size(),
                stored.checksum());
        return stored(file, key, stored.checksum(), false);
    }

    /** The table's directory name, {@code <table>-<tableId>}, from the event; null when it cannot be known. */
    static String tableDirectory(FileReady file) {
        if (file.tableDirectory() != null && !file.tableDirectory().isBlank()) {
            return file.tableDirectory();
        }
        if (file.tableId() != null && !file.tableId().isBlank()) {
            return file.table() + "-" + file.tableId().replace("-", "");
        }
        return null;
    }

    private static FileStored stored(FileReady file, String key, String checksum, boolean reused) {
        return new FileStored(
                file.node(),
                file.keyspace(),
                file.table(),
                file.fileName(),
                key,
                file.size(),
                checksum,
                reused,
                file.rows());
    }

    private static NodeFailed failed(String backupId, FileReady file, String cause) {
        return new NodeFailed(
                file.node(),
                FailureReason.UPLOAD_FAILED,
                "could not store " + file.keyspace() + "." + file.table() + " file " + file.fileName() + " of backup "
                        + backupId + ": " + cause,
                "uploader");
    }
}

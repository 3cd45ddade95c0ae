package io.ringvault.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BlobWriteSession;
import com.google.cloud.storage.BlobWriteSessionConfigs;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageBatchResult;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.Content;
import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StorageProperties;
import io.ringvault.storage.StoredObject;
import io.ringvault.storage.gcs.GcsErrors.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects in a Google Cloud Storage bucket, through {@code google-cloud-storage} over the JSON API (HTTP).
 *
 * <p><b>Uploads stream.</b> An object of at most {@code chunkSize} bytes (16 MiB by default) is read into one buffer
 * and sent in one request, with its checksum already in its metadata. A larger one is a resumable upload
 * ({@link BlobWriteSession}): the calling thread reads the content a chunk at a time, updating the SHA-256 and a
 * CRC32C, and the SDK sends each chunk of {@code chunkSize} bytes as it fills, so memory per upload is about one chunk
 * whatever the object's size. The upload is finalized only after the content has ended exactly at the announced size:
 * content that is shorter, longer or fails to read leaves no object (the unfinished session expires on GCS's side
 * after a week, with nothing to pay for).
 *
 * <p><b>Integrity.</b> A single request carries the MD5 and CRC32C the SDK computes, and GCS refuses bytes that do not
 * match them. For a resumable upload the CRC32C computed while streaming is compared with the one GCS computed of the
 * object it finalized; on a mismatch that generation is deleted and the put fails with {@code checksum-mismatch}.
 *
 * <p><b>The checksum</b> is the custom metadata {@code ringvault-sha256} ({@code sha256:<hex>}), as on S3. A resumable
 * upload must give its metadata when it starts, before the content has been read, so once it is finalized its
 * metadata is patched (a metadata-only update, no bytes rewritten) on the condition that the object is still the
 * generation just written: if another writer replaced it meanwhile, that writer records its own checksum, and this one
 * is not applied to bytes it does not describe. The patch also records which bytes it describes, by the MD5 (or, for
 * a composite object, the CRC32C) GCS computed of them ({@code ringvault-sha256-of}), and {@link #head} trusts a
 * patched checksum only on those bytes: a patch that lands on other bytes anyway (fake-gcs-server ignores the
 * condition on metadata patches, and gives a patched object a new generation) leaves an object without a checksum,
 * never with a wrong one. If the process dies between upload and patch, the object has no checksum either:
 * {@link #head} says so (null) and a differential backup uploads it again.
 *
 * <p><b>Retries.</b> The SDK retries each request once (2 attempts, back-off from 1 s), including requests it does not
 * consider idempotent (the uniform strategy): every write here is idempotent for ringvault (the same bytes to the same
 * key, a conditional metadata patch, a delete where a missing object is deleted), and one retry is enough to ride out a
 * dropped connection on one chunk of a large upload without redoing all of it. Anything longer is the caller's to
 * decide (the uploader's Resilience4j retry around a whole file), so the two layers multiply to at most 2 × the
 * caller's attempts per request, as with S3. Errors are classified by {@link GcsErrors}.
 *
 * <p><b>Bandwidth</b> is limited by the callers, as for every store: the uploader and the restorer throttle the streams
 * they hand to {@link #put} and read from {@link #get} with the service's shared {@code Bandwidth}.
 */
public final class GcsObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(GcsObjectStore.class);

    /** The custom metadata key that holds {@code sha256:<hex>}; the same as S3's. */
    public static final String CHECKSUM_METADATA = "ringvault-sha256";

    /**
     * The bytes a patched checksum describes, as GCS's own hash of them ({@code md5:<base64>} or
     * {@code crc32c:<base64>}); absent when the checksum came with the bytes, in one request.
     */
    public static final String CHECKSUM_OF_METADATA = "ringvault-sha256-of";

    /** The most requests one JSON batch takes. */
    static final int DELETE_BATCH = 100;

    private static final String CONTENT_TYPE = "application/octet-stream";
    /** A listing page: GCS's largest. */
    private static final long PAGE_SIZE = 1000;
    /** How much the calling thread reads at a time while streaming a resumable upload. */
    private static final int READ_SIZE = 256 * 1024;

    private final Storage storage;
    private final StorageProperties.Gcs settings;
    private final String bucket;
    private final int chunkSize;
    private final StorageClass storageClass;
    private final String credentials;

    /**
     * @throws StorageException INVALID_REQUEST without a bucket or with an unreadable key file; ACCESS_DENIED when no
     *     Application Default Credentials can be found
     */
    public GcsObjectStore(StorageProperties.Gcs settings) {
        if (settings.bucket() == null) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "ringvault.storage.gcs.bucket is required with ringvault.storage.type=gcs");
        }
        this.settings = settings;
        this.bucket = settings.bucket();
        this.chunkSize = (int) settings.chunkSize().toBytes();
        this.storageClass =
                settings.storageClass() == null ? null : StorageClass.valueOfStrict(settings.storageClass());
        HttpStorageOptions.Builder options = StorageOptions.http()
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout((int) Duration.ofSeconds(10).toMillis())
                        // A stalled connection fails (and is retried) instead of holding an upload forever.
                        .setReadTimeout((int) Duration.ofSeconds(60).toMillis())
                        .build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(2)
                        .setInitialRetryDelayDuration(Duration.ofSeconds(1))
                        .setRetryDelayMultiplier(2.0)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(8))
                        .setTotalTimeoutDuration(Duration.ofMinutes(5))
                        .build())
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
                .setBlobWriteSessionConfig(BlobWriteSessionConfigs.getDefault().withChunkSize(chunkSize));
        if (settings.endpoint() != null) {
            options.setHost(settings.endpoint());
        }
        if (settings.projectId() != null) {
            options.setProjectId(settings.projectId());
        } else if (settings.endpoint() != null) {
            // Without one, the SDK would ask the metadata server of a GCE machine that is not there.
            options.setProjectId("ringvault-local");
        }
        if (settings.credentialsFile() != null) {
            try (InputStream key = java.nio.file.Files.newInputStream(settings.credentialsFile())) {
                options.setCredentials(ServiceAccountCredentials.fromStream(key));
            } catch (IOException | RuntimeException e) {
                // The message names the file, never its content.
                throw new StorageException(
                        FailureReason.INVALID_REQUEST,
                        "cannot read the service-account key ringvault.storage.gcs.credentials-file="
                                + settings.credentialsFile() + ": "
                                + e.getClass().getSimpleName(),
                        e);
            }
            this.credentials = "service-account key file";
        } else if (settings.endpoint() != null) {
            options.setCredentials(NoCredentials.getInstance());
            this.credentials = "no credentials (emulator)";
        } else {
            try {
                options.setCredentials(com.google.auth.oauth2.GoogleCredentials.getApplicationDefault());
            } catch (IOException e) {
                throw new StorageException(
                        FailureReason.ACCESS_DENIED,
                        "no Application Default Credentials for GCS (workload identity, the metadata server or"
                                + " GOOGLE_APPLICATION_CREDENTIALS), and no ringvault.storage.gcs.credentials-file: "
                                + e.getMessage(),
                        e);
            }
            this.credentials = "application default credentials";
        }
        this.storage = options.build().getService();
    }

    /** The largest object sent in one request; larger ones are resumable uploads. */
    public int singleRequestLimit() {
        return chunkSize;
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        return put(key, content, size, null);
    }

    @Override
    public StoredObject put(String key, InputStream content, long size, Supplier<String> checksum) {
        requireKey(key);
        Content in = new Content(key, content, size, checksum);
        if (size <= chunkSize) {
            return putSingle(key, in, (int) size);
        }
        return putResumable(key, in, size);
    }

    private StoredObject putSingle(String key, Content in, int size) {
        byte[] buffer = new byte[size];
        in.readFully(buffer, size);
        String checksum = in.finish();
        try {
            // The SDK sends the MD5 and CRC32C of the bytes with them; GCS refuses bytes that do not match.
            storage.create(
                    info(BlobId.of(bucket, key), Map.of(CHECKSUM_METADATA, checksum)),
                    buffer,
                    0,
                    size,
                    // SSTables are compressed already: gzip for the transfer would only cost CPU.
                    Storage.BlobTargetOption.disableGzipContent());
        } catch (RuntimeException e) {
            throw GcsErrors.classify("put", location(key), Scope.BUCKET, e);
        }
        return new StoredObject(key, size, checksum);
    }

    private StoredObject putResumable(String key, Content in, long size) {
        WritableByteChannel channel;
        BlobWriteSession session;
        try {
            session = storage.blobWriteSession(
                    info(BlobId.of(bucket, key), Map.of()), Storage.BlobWriteOption.disableGzipContent());
            channel = session.open(); // starts the resumable session: where a missing bucket shows
        } catch (IOException | RuntimeException e) {
            throw GcsErrors.classify("start a resumable upload of", location(key), Scope.BUCKET, e);
        }
        CRC32C crc = new CRC32C();
        BlobInfo written;
        String checksum;
        try {
            byte[] buffer = new byte[READ_SIZE];
            while (in.remaining() > 0) {
                int length = (int) Math.min(buffer.length, in.remaining());
                in.readFully(buffer, length); // the caller's failures are StorageExceptions already
                crc.update(buffer, 0, length);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            // Before close(), which finalizes the object: content longer than announced stores nothing.
            checksum = in.finish();
            channel.close();
            written = session.getResult().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(FailureReason.IO_ERROR, "put " + location(key) + " was interrupted", e);
        } catch (Exception e) {
            throw GcsErrors.classify("put", location(key), Scope.UPLOAD, e);
        }
        verifyCrc32c(key, written, crc);
        recordChecksum(key, written, checksum);
        return new StoredObject(key, size, checksum);
    }

    /** Compares the CRC32C of the bytes read with the one GCS computed of the object it finalized. */
    private void verifyCrc32c(String key, BlobInfo written, CRC32C crc) {
        String sent = crc32c(crc);
        if (written.getCrc32c() == null || written.getCrc32c().equals(sent)) {
            return;
        }
        try {
            storage.delete(BlobId.of(bucket, key, written.getGeneration()));
        } catch (RuntimeException e) {
            LOG.warn("could not delete an object whose CRC32C does not match key={}", key, e);
        }
        throw new StorageException(
                FailureReason.CHECKSUM_MISMATCH,
                "put " + location(key) + ": GCS stored bytes with CRC32C " + written.getCrc32c() + ", " + sent
                        + " was sent; the object was deleted");
    }

    /** Patches the checksum into the metadata of the generation just written; see the class comment. */
    private void recordChecksum(String key, BlobInfo written, String checksum) {
        BlobInfo metadata = BlobInfo.newBuilder(BlobId.of(bucket, key, written.getGeneration()))
                .setMetadata(Map.of(CHECKSUM_METADATA, checksum, CHECKSUM_OF_METADATA, bytesOf(written)))
                .build();
        try {
            storage.update(metadata, Storage.BlobTargetOption.generationMatch());
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 412 || e.getCode() == 404) {
                // Another writer replaced (or deleted) the object after this upload; its own patch records its
                // checksum.
                LOG.info("object replaced by a concurrent writer before its checksum was recorded key={}", key);
                return;
            }
            throw GcsErrors.classify("record the checksum of", location(key), Scope.OBJECT, e);
        } catch (RuntimeException e) {
            throw GcsErrors.classify("record the checksum of", location(key), Scope.OBJECT, e);
        }
    }

    private BlobInfo info(BlobId id, Map<String, String> metadata) {
        BlobInfo.Builder info =
                BlobInfo.newBuilder(id).setContentType(CONTENT_TYPE).setMetadata(metadata);
        if (storageClass != null) {
            info.setStorageClass(storageClass);
        }
        return info.build();
    }

    /** GCS's form of a CRC32C: the four bytes, big-endian, in base64. */
    static String crc32c(CRC32C crc) {
        return Base64.getEncoder()
                .encodeToString(
                        ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Override
    public Optional<StoredObject> head(String key) {
        requireKey(key);
        Blob blob;
        try {
            blob = storage.get(BlobId.of(bucket, key));
        } catch (RuntimeException e) {
            throw GcsErrors.classify("head", location(key), Scope.OBJECT, e);
        }
        if (blob == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredObject(key, blob.getSize(), checksumOf(blob)));
    }

    /** The recorded checksum, if it describes these bytes; see the class comment. */
    private static String checksumOf(BlobInfo blob) {
        Map<String, String> metadata = blob.getMetadata() == null ? Map.of() : blob.getMetadata();
        String checksum = metadata.get(CHECKSUM_METADATA);
        String of = metadata.get(CHECKSUM_OF_METADATA);
        if (of != null && !of.equals(bytesOf(blob))) {
            return null;
        }
        return Checksums.isValid(checksum) ? checksum : null;
    }

    /** GCS's own hash of the object's bytes: the MD5, which a composite object lacks, else the CRC32C. */
    static String bytesOf(BlobInfo blob) {
        return blob.getMd5() != null ? "md5:" + blob.getMd5() : "crc32c:" + blob.getCrc32c();
    }

    /**
     * A listing with the delimiter {@code /}, a page of up to a thousand objects at a time, no further page requested
     * once there are more than {@code atMost}.
     */
    @Override
    public Optional<List<StoredObject>> list(String directory, int atMost) {
        requireKey(directory);
        if (!directory.endsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "invalid directory '" + directory + "': a listing's prefix ends with '/'");
        }
        List<StoredObject> objects = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(
                    bucket,
                    Storage.BlobListOption.prefix(directory),
                    // What lies under a further '/' (per-snapshot files) comes back as one "directory" entry, skipped.
                    Storage.BlobListOption.currentDirectory(),
                    Storage.BlobListOption.pageSize(PAGE_SIZE));
            while (page != null) {
                for (Blob blob : page.getValues()) {
                    if (blob.isDirectory()) {
                        continue;
                    }
                    if (objects.size() == atMost) {
                        return Optional.empty();
                    }
                    objects.add(new StoredObject(blob.getName(), blob.getSize(), null));
                }
                page = page.hasNextPage() ? page.getNextPage() : null;
            }
        } catch (RuntimeException e) {
            throw GcsErrors.classify("list", location(directory), Scope.BUCKET, e);
        }
        return Optional.of(objects);
    }

    /**
     * Reads the generation the object has now, from {@code offset} on: a metadata request first, so that a missing
     * object fails here rather than at the first read, and so that an object replaced while it is read fails the read
     * rather than mix two generations' bytes.
     */
    @Override
    public InputStream get(String key, long offset) {
        requireKey(key);
        if (offset < 0) {
            throw new StorageException(FailureReason.INVALID_REQUEST, "negative offset " + offset);
        }
        Blob blob;
        try {
            blob = storage.get(BlobId.of(bucket, key));
        } catch (RuntimeException e) {
            throw GcsErrors.classify("get", location(key), Scope.OBJECT, e);
        }
        if (blob == null) {
            throw new StorageException(FailureReason.OBJECT_NOT_FOUND, "get " + location(key) + " failed: no object");
        }
        if (offset > blob.getSize()) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "get " + location(key) + " from " + offset + ": the object has " + blob.getSize() + " bytes");
        }
        if (offset == blob.getSize()) {
            return InputStream.nullInputStream();
        }
        try {
            ReadChannel reader = storage.reader(BlobId.of(bucket, key, blob.getGeneration()));
            reader.seek(offset);
            return Channels.newInputStream(reader);
        } catch (IOException | RuntimeException e) {
            throw GcsErrors.classify("get", location(key), Scope.OBJECT, e);
        }
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        requireKey(key);
        try {
            return Optional.of(storage.readAllBytes(BlobId.of(bucket, key)));
        } catch (RuntimeException e) {
            StorageException failure = GcsErrors.classify("get", location(key), Scope.OBJECT, e);
            if (failure.reason() == FailureReason.OBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    @Override
    public void delete(String key) {
        requireKey(key);
        try {
            storage.delete(BlobId.of(bucket, key)); // false when there was nothing to delete
        } catch (RuntimeException e) {
            throw GcsErrors.classify("delete", location(key), Scope.OBJECT, e);
        }
    }

    /**
     * A listing without a delimiter, a page of up to a thousand objects at a time, each page requested only once the
     * visitor has seen the previous one. A failure of the store is classified; one of the visitor passes through as is.
     * The last-modified time is when the object's bytes were written (its generation's creation), not the later patch
     * of its metadata.
     */
    @Override
    public void walk(String prefix, Consumer<ListedObject> visitor) {
        requireKey(prefix);
        if (!prefix.endsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "invalid prefix '" + prefix + "': a walk's prefix ends with '/'");
        }
        Page<Blob> page;
        try {
            page = storage.list(
                    bucket, Storage.BlobListOption.prefix(prefix), Storage.BlobListOption.pageSize(PAGE_SIZE));
        } catch (RuntimeException e) {
            throw GcsErrors.classify("list", location(prefix), Scope.BUCKET, e);
        }
        while (page != null) {
            for (Blob blob : page.getValues()) {
                visitor.accept(new ListedObject(blob.getName(), blob.getSize(), lastModified(blob)));
            }
            try {
                page = page.hasNextPage() ? page.getNextPage() : null;
            } catch (RuntimeException e) {
                throw GcsErrors.classify("list", location(prefix), Scope.BUCKET, e);
            }
        }
    }

    private static Instant lastModified(BlobInfo blob) {
        OffsetDateTime time = blob.getCreateTimeOffsetDateTime() != null
                ? blob.getCreateTimeOffsetDateTime()
                : blob.getUpdateTimeOffsetDateTime();
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    /**
     * JSON batch requests of at most {@value #DELETE_BATCH} deletes each. A key already gone is deleted. Every batch is
     * sent even after one fails; the keys that failed are then named in one exception with the reason of the first
     * failure.
     */
    @Override
    public void deleteAll(Collection<String> keys) {
        List<String> failed = new ArrayList<>();
        StorageException first = null;
        List<String> all = List.copyOf(keys);
        all.forEach(GcsObjectStore::requireKey);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            List<StorageBatchResult<Boolean>> results = new ArrayList<>(batch.size());
            try {
                StorageBatch request = storage.batch();
                for (String key : batch) {
                    results.add(request.delete(BlobId.of(bucket, key)));
                }
                request.submit();
            } catch (RuntimeException e) {
                StorageException failure = GcsErrors.classify(
                        "delete " + batch.size() + " object(s) in", "gs://" + bucket, Scope.BUCKET, e);
                failed.addAll(batch);
                first = first == null ? failure : first;
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    results.get(i).get(); // false: nothing to delete
                } catch (RuntimeException e) {
                    StorageException failure = GcsErrors.classify("delete", location(batch.get(i)), Scope.OBJECT, e);
                    if (failure.reason() == FailureReason.OBJECT_NOT_FOUND) {
                        continue;
                    }
                    failed.add(batch.get(i));
                    first = first == null ? failure : first;
                }
            }
        }
        if (first != null) {
            throw StorageException.notDeleted(first.reason(), failed, all.size(), first.getMessage());
        }
    }

    @Override
    public String describe() {
        return "gcs bucket " + bucket + " at "
                + (settings.endpoint() == null ? "Google Cloud" : settings.endpoint())
                + " (" + credentials + (storageClass == null ? "" : ", " + storageClass) + ")";
    }

    @Override
    public String toString() {
        return "GcsObjectStore[" + settings + "]";
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception e) {
            LOG.debug("closing the GCS client failed", e);
        }
    }

    private String location(String key) {
        return "gs://" + bucket + "/" + key;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "invalid object key '" + key + "': keys are non-empty and relative");
        }
    }
}

package io.ringvault.storage;

import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Objects in an S3 bucket (AWS or an S3-compatible server), through the AWS SDK v2 synchronous client.
 *
 * <p><b>Uploads stream.</b> An object of at most {@code (partConcurrency + 1) × partSize} bytes (48 MiB with the
 * defaults) is read into one buffer and sent with one PutObject: that is the memory a multipart upload's buffers take
 * anyway, and one PutObject saves the parts and the server-side copy that records the checksum (for the many SSTables
 * of a few tens of MiB, the copy rewrites every byte once more on the server). A larger one is a multipart upload: the
 * calling thread reads the content part by part, in order, updating the SHA-256, while up to {@code partConcurrency}
 * parts upload in parallel. Buffers come from a pool of {@code partConcurrency + 1}, so memory per upload is bounded by
 * {@code (partConcurrency + 1) × partSize} whatever the object's size. A failed multipart upload is aborted, so no
 * parts are left behind to pay for: whatever failed (the store, or the caller's content stream, as when the uploader
 * abandons the file of a cancelled backup, or the calling thread being interrupted), no further part starts, the parts
 * under way are waited for (a part that lands after AbortMultipartUpload would be kept), and the upload is aborted.
 *
 * <p><b>The checksum</b> is the user metadata {@code ringvault-sha256} ({@code x-amz-meta-ringvault-sha256}), read by
 * HeadObject. A single PutObject carries it directly. A multipart upload must give its metadata when it is created,
 * before the content has been read, so once it is complete the object is copied onto itself, server side, with
 * {@code MetadataDirective=REPLACE} and the checksum (a multipart copy with UploadPartCopy beyond the 5 GiB limit of
 * CopyObject). The copy is conditional on the ETag of the upload just completed: if another writer replaced the
 * object meanwhile, its own copy records its checksum, and this one is not applied to bytes it does not describe. If
 * the process dies between completion and copy, the object has no checksum: {@link #head} says so (null) and a
 * differential backup uploads it again.
 *
 * <p><b>Retries.</b> The SDK retries each request once (standard strategy, 2 attempts, with its back-off and
 * throttling handling): enough to ride out a dropped connection on one part of a large upload without redoing all of
 * it. Anything longer is the caller's to decide (the uploader's Resilience4j retry around a whole file), so the two
 * layers multiply to at most 2 × the caller's attempts per request. Errors are classified by {@link S3Errors}.
 */
public final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

    /** The user metadata key that holds {@code sha256:<hex>}. */
    public static final String CHECKSUM_METADATA = "ringvault-sha256";

    /** The largest object CopyObject takes; beyond it, the copy that records the checksum is a multipart copy. */
    static final long MAX_COPY_OBJECT_SIZE = 5L * 1024 * 1024 * 1024;

    private static final String CONTENT_TYPE = "application/octet-stream";
    /** The most keys one DeleteObjects request takes. */
    static final int DELETE_BATCH = 1000;
    /** How long a failed multipart upload waits for its parts under way before it is aborted: the socket timeout. */
    private static final Duration PARTS_SETTLE = Duration.ofSeconds(60);

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Client s3;
    private final StorageProperties.S3 settings;
    private final String bucket;
    private final int partSize;
    private final int partConcurrency;
    /** Objects up to this size go in one PutObject; see the class comment. */
    private final int singlePutLimit;

    private final long maxCopyObjectSize;
    private final ExecutorService partUploads;

    public S3ObjectStore(StorageProperties.S3 settings) {
        this(settings, MAX_COPY_OBJECT_SIZE);
    }

    /** With a lower copy limit, so tests can exercise the multipart copy without 5 GiB objects. */
    S3ObjectStore(StorageProperties.S3 settings, long maxCopyObjectSize) {
        if (settings.bucket() == null) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "ringvault.storage.s3.bucket is required with ringvault.storage.type=s3");
        }
        this.settings = settings;
        this.bucket = settings.bucket();
        this.partSize = (int) settings.partSize().toBytes();
        this.partConcurrency = settings.partConcurrency();
        // One array holds the object: below the JVM's array limit, whatever part size and concurrency say.
        this.singlePutLimit = (int) Math.min((long) partSize * (partConcurrency + 1), Integer.MAX_VALUE - 16);
        this.maxCopyObjectSize = maxCopyObjectSize;
        this.s3 = client(settings);
        this.partUploads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ringvault-s3-part-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static S3Client client(StorageProperties.S3 settings) {
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKey(), settings.secretKey().value()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        // A stalled connection fails (and is retried) instead of holding an upload forever.
                        .socketTimeout(Duration.ofSeconds(60))
                        .maxConnections(64))
                .overrideConfiguration(
                        override -> override.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(2)
                                .build()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    /** The largest object sent in one PutObject. */
    int singlePutLimit() {
        return singlePutLimit;
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        return put(key, content, size, null);
    }

    @Override
    public StoredObject put(String key, InputStream content, long size, Supplier<String> checksum) {
        requireKey(key);
        Content in = new Content(key, content, size, checksum);
        if (size <= singlePutLimit) {
            return putSingle(key, in, (int) size);
        }
        return putMultipart(key, in, size);
    }

    private StoredObject putSingle(String key, Content in, int size) {
        byte[] buffer = new byte[size];
        in.readFully(buffer, size);
        String checksum = in.finish();
        try {
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(key)
                            .contentType(CONTENT_TYPE)
                            .metadata(Map.of(CHECKSUM_METADATA, checksum))
                            .storageClass(settings.storageClass())
                            .serverSideEncryption(settings.serverSideEncryption())
                            .ssekmsKeyId(settings.kmsKeyId()),
                    body(buffer, size));
        } catch (RuntimeException e) {
            throw S3Errors.classify("put", location(key), e);
        }
        return new StoredObject(key, size, checksum);
    }

    private StoredObject putMultipart(String key, Content in, long size) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(createRequest(key, Map.of())).uploadId();
        } catch (RuntimeException e) {
            throw S3Errors.classify("start a multipart upload of", location(key), e);
        }
        boolean completed = false;
        BufferPool buffers = new BufferPool(partConcurrency + 1, partSize);
        List<Future<CompletedPart>> parts = new ArrayList<>();
        PartsUnderWay underWay = new PartsUnderWay();
        try {
            int number = 0;
            while (in.remaining() > 0) {
                int length = (int) Math.min(partSize, in.remaining());
                byte[] buffer = buffers.take();
                try {
                    in.readFully(buffer, length);
                } catch (RuntimeException e) {
                    buffers.give(buffer);
                    throw e;
                }
                int partNumber = ++number;
                parts.add(partUploads.submit(() -> {
                    try {
                        if (!underWay.start()) {
                            throw new CancellationException("the upload of " + key + " was abandoned");
                        }
                        try {
                            UploadPartResponse uploaded = s3.uploadPart(
                                    b -> b.bucket(bucket)
                                            .key(key)
                                            .uploadId(uploadId)
                                            .partNumber(partNumber)
                                            .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                                            .contentLength((long) length),
                                    body(buffer, length));
                            // The upload is created with CRC32 part checksums, so S3 wants each one back on completion.
                            return CompletedPart.builder()
                                    .partNumber(partNumber)
                                    .eTag(uploaded.eTag())
                                    .checksumCRC32(uploaded.checksumCRC32())
                                    .build();
                        } finally {
                            underWay.end();
                        }
                    } finally {
                        buffers.give(buffer);
                    }
                }));
                failFast(parts);
            }
            String checksum = in.finish();
            List<CompletedPart> uploaded = new ArrayList<>(parts.size());
            for (Future<CompletedPart> part : parts) {
                uploaded.add(part.get());
            }
            String etag = s3.completeMultipartUpload(b -> b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder()
                                    .parts(uploaded)
                                    .build()))
                    .eTag();
            completed = true;
            recordChecksum(key, size, checksum, etag);
            return new StoredObject(key, size, checksum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw S3Errors.classify("upload", location(key), e);
        } catch (ExecutionException | RuntimeException e) {
            throw S3Errors.classify("upload", location(key), e);
        } finally {
            if (!completed) {
                parts.forEach(part -> part.cancel(true));
                if (!underWay.stop(PARTS_SETTLE)) {
                    LOG.warn(
                            "parts still uploading when the failed upload is aborted key={} uploadId={}",
                            key,
                            uploadId);
                }
                abort(key, uploadId);
            }
        }
    }

    /**
     * The part uploads of one multipart upload that have started and not ended. Once stopped, no part starts, so
     * after {@link #stop} has seen them all end the upload can be aborted for good: a part still uploading when
     * AbortMultipartUpload is called may be stored after it, and left there.
     */
    private static final class PartsUnderWay {
        private int running;
        private boolean stopped;

        /** False once the upload is abandoned: the part must not start. */
        synchronized boolean start() {
            if (stopped) {
                return false;
            }
            running++;
            return true;
        }

        synchronized void end() {
            running--;
            notifyAll();
        }

        /** No part starts from now on; waits up to {@code timeout} for those running. True when none is left. */
        synchronized boolean stop(Duration timeout) {
            stopped = true;
            boolean interrupted = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); running > 0 && left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    interrupted = true; // an interrupted upload is still cleaned up; the flag is given back below
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return running == 0;
        }
    }

    /** Throws the failure of a finished part upload, if any, so a broken upload stops reading its source early. */
    private static void failFast(List<Future<CompletedPart>> parts) throws ExecutionException, InterruptedException {
        for (Future<CompletedPart> part : parts) {
            if (part.isDone()) {
                part.get();
            }
        }
    }

    /** Copies the object onto itself with the checksum as metadata; see the class comment. */
    private void recordChecksum(String key, long size, String checksum, String etag) {
        Map<String, String> metadata = Map.of(CHECKSUM_METADATA, checksum);
        try {
            if (size <= maxCopyObjectSize) {
                s3.copyObject(b -> b.sourceBucket(bucket)
                        .sourceKey(key)
                        .destinationBucket(bucket)
                        .destinationKey(key)
                        .copySourceIfMatch(etag)
                        .metadataDirective(MetadataDirective.REPLACE)
                        .metadata(metadata)
                        .contentType(CONTENT_TYPE)
                        .storageClass(settings.storageClass())
                        .serverSideEncryption(settings.serverSideEncryption())
                        .ssekmsKeyId(settings.kmsKeyId()));
            } else {
                copyInParts(key, size, etag, metadata);
            }
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                // Another writer replaced the object after this upload completed; its own copy records its checksum.
                LOG.info("object replaced by a concurrent writer before its checksum was recorded key={}", key);
                return;
            }
            throw e;
        }
    }

    private void copyInParts(String key, long size, String etag, Map<String, String> metadata) {
        String uploadId = s3.createMultipartUpload(createRequest(key, metadata)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 0;
            for (long start = 0; start < size; start += maxCopyObjectSize) {
                long end = Math.min(size, start + maxCopyObjectSize) - 1;
                int partNumber = ++number;
                String range = "bytes=" + start + "-" + end;
                CopyPartResult copied = s3.uploadPartCopy(b -> b.sourceBucket(bucket)
                                .sourceKey(key)
                                .destinationBucket(bucket)
                                .destinationKey(key)
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .copySourceRange(range)
                                .copySourceIfMatch(etag))
                        .copyPartResult();
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(copied.eTag())
                        .checksumCRC32(copied.checksumCRC32())
                        .build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    private CreateMultipartUploadRequest createRequest(String key, Map<String, String> metadata) {
        return CreateMultipartUploadRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(CONTENT_TYPE)
                .metadata(metadata)
                // Explicit: the SDK computes part checksums anyway, and S3 only accepts them consistently declared.
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .storageClass(settings.storageClass())
                .serverSideEncryption(settings.serverSideEncryption())
                .ssekmsKeyId(settings.kmsKeyId())
                .build();
    }

    private void abort(String key, String uploadId) {
        // The SDK refuses to send a request from an interrupted thread (SdkInterruptedException): an upload whose
        // thread was interrupted (a service stopping) is aborted all the same, and the flag given back afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // The bucket's lifecycle rule for incomplete uploads is the safety net.
            LOG.warn(
                    "could not abort a failed multipart upload key={} uploadId={} error={}",
                    key,
                    uploadId,
                    S3Errors.classify("abort", location(key), e).getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A body over {@code buffer[0..length)}, without copying it, that the SDK can re-read to retry. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, CONTENT_TYPE);
    }

    @Override
    public Optional<StoredObject> head(String key) {
        requireKey(key);
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            StorageException failure = S3Errors.classify("head", location(key), e);
            if (failure.reason() == FailureReason.OBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
        String checksum = head.metadata().get(CHECKSUM_METADATA);
        return Optional.of(new StoredObject(key, head.contentLength(), Checksums.isValid(checksum) ? checksum : null));
    }

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
            // The delimiter keeps what lies under a further '/' (per-snapshot files) out of the pages.
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(directory).delimiter("/"))
                    .contents()) {
                if (objects.size() == atMost) {
                    return Optional.empty(); // no further page is requested
                }
                objects.add(new StoredObject(object.key(), object.size(), null));
            }
        } catch (RuntimeException e) {
            throw S3Errors.classify("list", location(directory), e);
        }
        return Optional.of(objects);
    }

    @Override
    public InputStream get(String key, long offset) {
        requireKey(key);
        if (offset < 0) {
            throw new StorageException(FailureReason.INVALID_REQUEST, "negative offset " + offset);
        }
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
        }
        try {
            return s3.getObject(request.build());
        } catch (AwsServiceException e) {
            // S3 refuses a range that starts at the end; reading from the end of an object is an empty read.
            if (e.statusCode() == 416 && head(key).map(StoredObject::size).orElse(-1L) == offset) {
                return InputStream.nullInputStream();
            }
            throw S3Errors.classify("get", location(key), e);
        } catch (RuntimeException e) {
            throw S3Errors.classify("get", location(key), e);
        }
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        requireKey(key);
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (RuntimeException e) {
            StorageException failure = S3Errors.classify("get", location(key), e);
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
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            throw S3Errors.classify("delete", location(key), e);
        }
    }

    /**
     * ListObjectsV2 without a delimiter, a page of up to a thousand keys at a time, each page requested only once the
     * visitor has seen the previous one. A failure of the store is classified; one of the visitor passes through as is.
     */
    @Override
    public void walk(String prefix, Consumer<ListedObject> visitor) {
        requireKey(prefix);
        if (!prefix.endsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "invalid prefix '" + prefix + "': a walk's prefix ends with '/'");
        }
        Iterator<S3Object> objects;
        try {
            objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                    .contents()
                    .iterator();
        } catch (RuntimeException e) {
            throw S3Errors.classify("list", location(prefix), e);
        }
        while (true) {
            S3Object object;
            try {
                if (!objects.hasNext()) {
                    return;
                }
                object = objects.next();
            } catch (RuntimeException e) {
                throw S3Errors.classify("list", location(prefix), e);
            }
            visitor.accept(new ListedObject(object.key(), object.size(), object.lastModified()));
        }
    }

    /**
     * DeleteObjects in batches of at most {@value #DELETE_BATCH} keys, in quiet mode so that the answer lists only the
     * keys that failed. A key already gone is deleted for S3; {@code NoSuchKey}, which some compatible servers answer
     * instead, counts as deleted too. Every batch is sent even after one fails; the keys that failed are then named in
     * one exception with the reason of the first failure.
     */
    @Override
    public void deleteAll(Collection<String> keys) {
        List<String> failed = new ArrayList<>();
        FailureReason firstReason = null;
        String firstFailure = null;
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            batch.forEach(S3ObjectStore::requireKey);
            List<ObjectIdentifier> identifiers = batch.stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            DeleteObjectsResponse answer;
            try {
                answer = s3.deleteObjects(
                        b -> b.bucket(bucket).delete(d -> d.objects(identifiers).quiet(true)));
            } catch (RuntimeException e) {
                StorageException failure = S3Errors.classify(
                        "delete " + batch.size() + " object(s) under", location(commonPrefix(batch)), e);
                failed.addAll(batch);
                if (firstReason == null) {
                    firstReason = failure.reason();
                    firstFailure = failure.getMessage();
                }
                continue;
            }
            for (S3Error error : answer.errors()) {
                FailureReason reason = S3Errors.reasonOfCode(error.code());
                if (reason == null) {
                    continue;
                }
                failed.add(error.key());
                if (firstReason == null) {
                    firstReason = reason;
                    firstFailure = "delete " + location(error.key()) + " failed: " + error.code()
                            + (error.message() == null ? "" : " " + error.message());
                }
            }
        }
        if (firstReason != null) {
            throw StorageException.notDeleted(firstReason, failed, all.size(), firstFailure);
        }
    }

    /** The longest prefix the keys share, to name a failed batch. */
    private static String commonPrefix(List<String> keys) {
        String common = keys.get(0);
        for (String key : keys) {
            int length = 0;
            while (length < common.length() && length < key.length() && common.charAt(length) == key.charAt(length)) {
                length++;
            }
            common = common.substring(0, length);
        }
        return common;
    }

    @Override
    public String describe() {
        return "s3 bucket " + bucket + " at " + (settings.endpoint() == null ? "AWS" : settings.endpoint()) + " ("
                + settings.region() + (settings.pathStyle() ? ", path-style" : "") + ")";
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + settings + "]";
    }

    @Override
    public void close() {
        partUploads.shutdownNow();
        s3.close();
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "invalid object key '" + key + "': keys are non-empty and relative");
        }
    }
}

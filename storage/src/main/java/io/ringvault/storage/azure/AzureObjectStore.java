package io.ringvault.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.BufferPool;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.Content;
import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StorageProperties;
import io.ringvault.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects as block blobs in one Azure Blob Storage container, through the official SDK's synchronous clients over the
 * JDK's own HTTP client (no Netty, so nothing clashes with the Netty and Reactor versions Spring Boot manages).
 *
 * <p><b>Uploads stream.</b> An object of at most {@code blockSize} bytes is read into one buffer and sent with one Put
 * Blob. A larger one is staged as blocks: the calling thread reads the content block by block, in order, updating the
 * SHA-256, while up to {@code concurrency} blocks upload in parallel. There are {@code concurrency} block buffers, reused
 * (the block being read takes one of them), so memory per upload is bounded by {@code concurrency × blockSize} whatever
 * the object's size; the reader waits for a block to finish uploading before it reads the next.
 * Put Block List then makes the blob, with its metadata and access tier, in one request. This is the SDK's own
 * parallel upload ({@code ParallelTransferOptions}) done by hand for one reason: its metadata is fixed before the
 * first byte is read, and the checksum is only known after the last. Staged blocks are invisible until committed, so
 * a failed upload leaves nothing behind to clean up (Azure drops uncommitted blocks after a week). Every block and
 * every single Put Blob carries its MD5, which the service checks, so a block damaged in transit is refused.
 *
 * <p><b>The checksum</b> is the blob metadata {@value #CHECKSUM_METADATA} (Azure metadata names are C# identifiers:
 * no dashes), read back by Get Blob Properties.
 *
 * <p><b>Two writers of one key.</b> Block ids carry a random upload id, so two uploads never mix their blocks. But a
 * commit discards every uncommitted block of the blob, so when two large uploads of one key overlap, the first commit
 * throws away the other's staged blocks and the other's commit is refused with {@code InvalidBlockList}. The blob
 * then holds one complete object (the first writer's, with its checksum), and the refused writer's put was, as far as
 * any reader can tell, overwritten by it: that put succeeds, as two overlapping S3 uploads of one key both do. The
 * case is told apart from a real error by the blob's ETag, read before the first block is staged.
 *
 * <p><b>Retries.</b> The SDK tries each request at most twice (exponential back-off from 1 s, each try limited to
 * {@value #TRY_TIMEOUT_SECONDS} s): enough to ride out a dropped connection on one block of a large upload without
 * redoing all of it. Anything longer is the caller's to decide (the uploader's retry around a whole file), so the two
 * layers multiply to at most 2 × the caller's attempts, as with S3. Errors are classified by {@link AzureErrors}.
 *
 * <p><b>Bandwidth</b> is limited where it is for every store: the caller's content stream is throttled
 * ({@link io.ringvault.storage.Bandwidth}), and so is the stream a restore reads from {@link #get}.
 */
public final class AzureObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(AzureObjectStore.class);

    /** The blob metadata name that holds {@code sha256:<hex>}. */
    public static final String CHECKSUM_METADATA = "ringvaultsha256";

    /** The most blocks one blob has. */
    static final int MAX_BLOCKS = 50_000;
    /** Deletes of one {@link #deleteAll} under way at once. */
    static final int DELETE_PARALLELISM = 8;
    /** Listing pages: the most Azure returns at once. */
    private static final int PAGE = 5000;
    /**
     * How much a read of {@link #get} fetches at a time (one ranged Get Blob each) and holds: a restorer reads many
     * objects at once (file-parallelism × node-parallelism, 16 by default), so this is what each of them costs.
     */
    private static final int READ_CHUNK = 1024 * 1024;

    static final int TRY_TIMEOUT_SECONDS = 120;
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final StorageProperties.Azure settings;
    private final BlobContainerClient container;
    private final String containerName;
    private final String accountUrl;
    private final String credentialKind;
    private final int blockSize;
    private final int concurrency;
    private final AccessTier tier;
    private final ExecutorService workers;

    public AzureObjectStore(StorageProperties.Azure settings) {
        if (settings.container() == null) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "ringvault.storage.azure.container is required with ringvault.storage.type=azure");
        }
        if (settings.connectionString() == null && settings.accountUrl() == null) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "ringvault.storage.azure needs an endpoint, an account-name or a connection-string");
        }
        this.settings = settings;
        this.containerName = settings.container();
        this.blockSize = (int) settings.blockSize().toBytes();
        this.concurrency = settings.concurrency();
        this.tier = settings.accessTier() == null ? null : AccessTier.fromString(settings.accessTier());
        this.credentialKind = settings.connectionString() != null
                ? "connection string"
                : settings.sasToken() != null
                        ? "SAS token"
                        : settings.accountKey() != null ? "shared key" : "DefaultAzureCredential";
        BlobServiceClient service;
        try {
            service = client(settings).buildClient();
        } catch (RuntimeException e) {
            // The SDK's message about a malformed connection string may quote it.
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "ringvault.storage.azure: the client cannot be built (" + credentialKind + "): "
                            + e.getClass().getSimpleName());
        }
        this.accountUrl = AzureErrors.redact(service.getAccountUrl());
        this.container = service.getBlobContainerClient(containerName);
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ringvault-azure-worker-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * One HTTP client, so one connection pool, for every store of the JVM: a JDK client cannot be closed (before Java
     * 21), and each one left behind keeps its idle connections, and what they last sent, until it is collected.
     */
    private static final HttpClient HTTP = new JdkHttpClientBuilder()
            .connectionTimeout(Duration.ofSeconds(10))
            // A stalled connection fails (and is retried) instead of holding an upload forever.
            .readTimeout(Duration.ofSeconds(60))
            .responseTimeout(Duration.ofSeconds(60))
            .build();

    private static BlobServiceClientBuilder client(StorageProperties.Azure settings) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(HTTP)
                .retryOptions(new RequestRetryOptions(
                        RetryPolicyType.EXPONENTIAL,
                        2,
                        Duration.ofSeconds(TRY_TIMEOUT_SECONDS),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        null));
        if (settings.connectionString() != null) {
            return builder.connectionString(settings.connectionString().value());
        }
        builder.endpoint(settings.accountUrl());
        if (settings.sasToken() != null) {
            return builder.sasToken(settings.sasToken().value());
        }
        if (settings.accountKey() != null) {
            return builder.credential(new StorageSharedKeyCredential(
                    settings.accountName(), settings.accountKey().value()));
        }
        // Managed identity, workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE), …
        return builder.credential(new DefaultAzureCredentialBuilder().build());
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        return put(key, content, size, null);
    }

    @Override
    public StoredObject put(String key, InputStream content, long size, Supplier<String> checksum) {
        requireKey(key);
        Content in = new Content(key, content, size, checksum);
        BlockBlobClient blob = container.getBlobClient(key).getBlockBlobClient();
        if (size <= blockSize) {
            return putSingle(blob, key, in, (int) size);
        }
        if (size > (long) MAX_BLOCKS * blockSize) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "put " + location(key) + ": " + size + " bytes need more than " + MAX_BLOCKS + " blocks of "
                            + blockSize + " bytes; raise ringvault.storage.azure.block-size");
        }
        return putBlocks(blob, key, in, size);
    }

    private StoredObject putSingle(BlockBlobClient blob, String key, Content in, int size) {
        byte[] buffer = new byte[size];
        in.readFully(buffer, size);
        String checksum = in.finish();
        try {
            blob.uploadWithResponse(
                    new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(buffer))
                            .setHeaders(headers())
                            .setMetadata(Map.of(CHECKSUM_METADATA, checksum))
                            .setTier(tier)
                            .setContentMd5(md5(buffer, size)),
                    null,
                    Context.NONE);
        } catch (RuntimeException e) {
            throw AzureErrors.classify("put", location(key), e);
        }
        return new StoredObject(key, size, checksum);
    }

    private StoredObject putBlocks(BlockBlobClient blob, String key, Content in, long size) {
        String before = etag(blob, key);
        String uploadId = UUID.randomUUID().toString();
        BufferPool buffers = new BufferPool(concurrency, blockSize);
        List<Future<String>> blocks = new ArrayList<>();
        boolean committed = false;
        try {
            int index = 0;
            while (in.remaining() > 0) {
                int length = (int) Math.min(blockSize, in.remaining());
                byte[] buffer = buffers.take();
                try {
                    in.readFully(buffer, length);
                } catch (RuntimeException e) {
                    buffers.give(buffer);
                    throw e;
                }
                String id = blockId(uploadId, index++);
                blocks.add(workers.submit(() -> {
                    try {
                        blob.stageBlockWithResponse(
                                new BlockBlobStageBlockOptions(id, body(buffer, length))
                                        .setContentMd5(md5(buffer, length)),
                                null,
                                Context.NONE);
                        return id;
                    } finally {
                        buffers.give(buffer);
                    }
                }));
                failFast(blocks);
            }
            String checksum = in.finish();
            List<String> ids = new ArrayList<>(blocks.size());
            for (Future<String> block : blocks) {
                ids.add(block.get());
            }
            try {
                blob.commitBlockListWithResponse(
                        new BlockBlobCommitBlockListOptions(ids)
                                .setHeaders(headers())
                                .setMetadata(Map.of(CHECKSUM_METADATA, checksum))
                                .setTier(tier),
                        null,
                        Context.NONE);
            } catch (BlobStorageException e) {
                if (!BlobErrorCode.INVALID_BLOCK_LIST.equals(e.getErrorCode())
                        || Objects.equals(etag(blob, key), before)) {
                    throw e;
                }
                // See the class comment: a concurrent writer's commit dropped these blocks; its object stands.
                LOG.info("blocks dropped by a concurrent writer's commit; its object stands key={}", key);
            }
            committed = true;
            return new StoredObject(key, size, checksum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AzureErrors.classify("upload", location(key), e);
        } catch (ExecutionException | RuntimeException e) {
            throw AzureErrors.classify("upload", location(key), e);
        } finally {
            if (!committed) {
                // Nothing to abort: blocks that are never committed are never seen. The blocks submitted are waited
                // for, not cancelled: a cancelled task that already runs reports itself done at once yet goes on
                // holding its buffer. At most `concurrency` are unfinished (each holds one of the pool's buffers), so
                // the wait is bounded, and a failed put returns with no request of its own still running.
                settle(blocks, key);
            }
        }
    }

    private static void settle(List<Future<String>> blocks, String key) {
        boolean interrupted = Thread.interrupted();
        long deadline =
                System.nanoTime() + Duration.ofSeconds(TRY_TIMEOUT_SECONDS).toNanos();
        for (Future<String> block : blocks) {
            while (!block.isDone()) {
                try {
                    block.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    LOG.warn("blocks of a failed upload still staging key={}", key);
                    deadline = Long.MAX_VALUE;
                    break;
                }
            }
            if (deadline == Long.MAX_VALUE) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The blob's ETag, or null when there is none. */
    private String etag(BlockBlobClient blob, String key) {
        try {
            return blob.getProperties().getETag();
        } catch (RuntimeException e) {
            if (AzureErrors.isBlobNotFound(e)) {
                return null;
            }
            throw AzureErrors.classify("head", location(key), e);
        }
    }

    /** Block ids of one blob all have the same length; the upload id keeps two uploads' blocks apart. */
    private static String blockId(String uploadId, int index) {
        return Base64.getEncoder()
                .encodeToString((uploadId + "-" + String.format("%06d", index)).getBytes(StandardCharsets.US_ASCII));
    }

    /** Throws the failure of a finished block upload, if any, so a broken upload stops reading its source early. */
    private static void failFast(List<Future<String>> blocks) throws ExecutionException, InterruptedException {
        for (Future<String> block : blocks) {
            if (block.isDone()) {
                block.get();
            }
        }
    }

    /**
     * {@code buffer[0..length)} as a request body. A whole array goes as it is; the HTTP client copies a body of any
     * other shape (a slice) into a new array, which would double the memory of the blocks under way, so the last,
     * shorter block of an object is copied once here instead.
     */
    private static BinaryData body(byte[] buffer, int length) {
        return BinaryData.fromBytes(length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length));
    }

    private static byte[] md5(byte[] buffer, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(buffer, 0, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static BlobHttpHeaders headers() {
        return new BlobHttpHeaders().setContentType(CONTENT_TYPE);
    }

    @Override
    public Optional<StoredObject> head(String key) {
        requireKey(key);
        BlobProperties properties;
        try {
            properties = container.getBlobClient(key).getProperties();
        } catch (RuntimeException e) {
            if (AzureErrors.isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw AzureErrors.classify("head", location(key), e);
        }
        String checksum = properties.getMetadata() == null
                ? null
                : properties.getMetadata().get(CHECKSUM_METADATA);
        return Optional.of(
                new StoredObject(key, properties.getBlobSize(), Checksums.isValid(checksum) ? checksum : null));
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
            ListBlobsOptions options = new ListBlobsOptions()
                    .setPrefix(directory)
                    .setMaxResultsPerPage((int) Math.min(PAGE, (long) atMost + 1));
            for (BlobItem item : container.listBlobsByHierarchy("/", options, null)) {
                if (Boolean.TRUE.equals(item.isPrefix())) {
                    continue;
                }
                if (objects.size() == atMost) {
                    return Optional.empty(); // no further page is requested
                }
                objects.add(
                        new StoredObject(item.getName(), item.getProperties().getContentLength(), null));
            }
        } catch (RuntimeException e) {
            throw AzureErrors.classify("list", location(directory), e);
        }
        return Optional.of(objects);
    }

    /**
     * The blob read {@value #READ_CHUNK} bytes at a time into one reused buffer, each a ranged Get Blob conditional on
     * the ETag that Get Blob Properties saw first: a blob replaced during the read fails it (412) rather than mix two
     * objects. (The SDK's own {@code openInputStream} is not used: over this HTTP client it ran out of a small heap.)
     * A failure while reading is an {@link java.io.IOException} whose cause is the classified {@link StorageException}.
     */
    @Override
    public InputStream get(String key, long offset) {
        requireKey(key);
        if (offset < 0) {
            throw new StorageException(FailureReason.INVALID_REQUEST, "negative offset " + offset);
        }
        BlobClient blob = container.getBlobClient(key);
        BlobProperties properties;
        try {
            properties = blob.getProperties();
        } catch (RuntimeException e) {
            throw AzureErrors.classify("get", location(key), e);
        }
        if (offset > properties.getBlobSize()) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "get " + location(key) + ": offset " + offset + " is beyond its " + properties.getBlobSize()
                            + " bytes");
        }
        return new RangedBlobStream(blob, location(key), properties.getETag(), offset, properties.getBlobSize());
    }

    /** See {@link #get}. */
    private static final class RangedBlobStream extends InputStream {
        private final BlobClient blob;
        private final String location;
        private final BlobRequestConditions sameBlob;
        private final long end;
        private long next;
        private byte[] chunk = new byte[0];
        private int position;
        private int limit;

        RangedBlobStream(BlobClient blob, String location, String etag, long offset, long end) {
            this.blob = blob;
            this.location = location;
            this.sameBlob = new BlobRequestConditions().setIfMatch(etag);
            this.next = offset;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return chunk[position++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            if (position == limit && !fill()) {
                return -1;
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(chunk, position, buffer, offset, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (next >= end) {
                return false;
            }
            int count = (int) Math.min(READ_CHUNK, end - next);
            if (chunk.length < count) {
                chunk = new byte[count];
            }
            ChunkSink sink = new ChunkSink(chunk, count);
            try {
                blob.downloadStreamWithResponse(
                        sink, new BlobRange(next, (long) count), null, sameBlob, false, null, Context.NONE);
            } catch (RuntimeException e) {
                StorageException failure = AzureErrors.classify("get", location, e);
                throw new IOException(failure.getMessage(), failure);
            }
            if (sink.length != count) {
                StorageException failure = new StorageException(
                        FailureReason.RANGE_MISMATCH,
                        "get " + location + ": " + sink.length + " bytes came for a range of " + count);
                throw new IOException(failure.getMessage(), failure);
            }
            next += count;
            position = 0;
            limit = count;
            return true;
        }
    }

    /** Takes at most {@code capacity} bytes into {@code buffer}; counts what it was given beyond that too. */
    private static final class ChunkSink extends OutputStream {
        private final byte[] buffer;
        private final int capacity;
        private int length;

        ChunkSink(byte[] buffer, int capacity) {
            this.buffer = buffer;
            this.capacity = capacity;
        }

        @Override
        public void write(int b) {
            if (length < capacity) {
                buffer[length] = (byte) b;
            }
            length++;
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            int fits = Math.max(0, Math.min(count, capacity - length));
            System.arraycopy(bytes, offset, buffer, length, fits);
            length += count;
        }
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        requireKey(key);
        try {
            return Optional.of(container.getBlobClient(key).downloadContent().toBytes());
        } catch (RuntimeException e) {
            if (AzureErrors.isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw AzureErrors.classify("get", location(key), e);
        }
    }

    @Override
    public void delete(String key) {
        requireKey(key);
        try {
            container.getBlobClient(key).delete();
        } catch (RuntimeException e) {
            if (!AzureErrors.isBlobNotFound(e)) {
                throw AzureErrors.classify("delete", location(key), e);
            }
        }
    }

    /**
     * List Blobs without a delimiter, a page of up to {@value #PAGE} blobs at a time, each page requested only once
     * the visitor has seen the previous one. A failure of the store is classified; one of the visitor passes through.
     */
    @Override
    public void walk(String prefix, Consumer<ListedObject> visitor) {
        requireKey(prefix);
        if (!prefix.endsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "invalid prefix '" + prefix + "': a walk's prefix ends with '/'");
        }
        Iterator<BlobItem> items;
        try {
            items = container
                    .listBlobs(new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(PAGE), null)
                    .iterator();
        } catch (RuntimeException e) {
            throw AzureErrors.classify("list", location(prefix), e);
        }
        while (true) {
            BlobItem item;
            try {
                if (!items.hasNext()) {
                    return;
                }
                item = items.next();
            } catch (RuntimeException e) {
                throw AzureErrors.classify("list", location(prefix), e);
            }
            visitor.accept(new ListedObject(
                    item.getName(),
                    item.getProperties().getContentLength(),
                    item.getProperties().getLastModified().toInstant()));
        }
    }

    /**
     * One Delete Blob per key, {@value #DELETE_PARALLELISM} at once. (Blob Batch, 256 deletes a request, would be
     * cheaper on Azure, but Azurite 3.35 answers the SDK's batches with sub-responses it cannot route: 404
     * ResourceNotFound, or no Content-Id with a container SAS; so it could not be tested here.) A blob already gone is
     * deleted. Every key is tried; the keys that failed are then named in one exception with the reason of the first
     * failure.
     */
    @Override
    public void deleteAll(Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        all.forEach(AzureObjectStore::requireKey);
        Semaphore running = new Semaphore(DELETE_PARALLELISM);
        List<Future<StorageException>> deletes = new ArrayList<>(all.size());
        try {
            for (String key : all) {
                running.acquire();
                deletes.add(workers.submit(() -> {
                    try {
                        delete(key);
                        return null;
                    } catch (StorageException e) {
                        return e;
                    } finally {
                        running.release();
                    }
                }));
            }
            List<String> failed = new ArrayList<>();
            StorageException first = null;
            for (int i = 0; i < deletes.size(); i++) {
                StorageException failure = deletes.get(i).get();
                if (failure != null) {
                    failed.add(all.get(i));
                    first = first == null ? failure : first;
                }
            }
            if (first != null) {
                throw StorageException.notDeleted(first.reason(), failed, all.size(), first.getMessage());
            }
        } catch (InterruptedException e) {
            deletes.forEach(delete -> delete.cancel(false));
            Thread.currentThread().interrupt();
            throw AzureErrors.classify("delete " + all.size() + " object(s) in", location(""), e);
        } catch (ExecutionException e) {
            throw AzureErrors.classify("delete " + all.size() + " object(s) in", location(""), e);
        }
    }

    @Override
    public String describe() {
        return "azure container " + containerName + " at " + accountUrl + " (" + credentialKind
                + (tier == null ? "" : ", " + tier + " tier") + ")";
    }

    @Override
    public String toString() {
        return "AzureObjectStore[" + settings + "]";
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private String location(String key) {
        return "azure://" + containerName + "/" + key;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "invalid object key '" + key + "': keys are non-empty and relative");
        }
    }
}

package io.ringvault.restorer.verify;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.StartVerify;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyFinished.Problem;
import io.ringvault.common.message.VerifyFinished.ProblemKind;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a backup in the object store: reads its backup manifest and every node manifest it lists, then checks each
 * object they list, {@code parallelism} at a time. A plain verify asks the store for each object's size (one metadata
 * request); a deep one also streams every object through SHA-256, 64 KiB at a time, and compares the digest with the
 * manifest's. Problems (an object missing, of another size, with another checksum; a manifest missing or unreadable)
 * are collected, not thrown: the report names every one. Only a store that keeps failing (after the retry policy) ends
 * the verify early, as {@code failed}.
 *
 * <p>Progress is published when the manifests are read and every {@code progressInterval} after. A cancelled verify
 * stops between objects and publishes nothing more: the coordinator has already ended it.
 */
public class BackupVerifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupVerifier.class);
    private static final int BUFFER = 64 * 1024;

    private final ObjectStore store;
    private final String storagePrefix;
    private final JsonMapper json;
    private final VerifyEvents events;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Duration progressInterval;
    private final ExecutorService checking;

    /**
     * @param retry the policy around each object's check: a retryable store failure (throttling, a 5xx, a broken
     *     connection) checks the object again from its start
     * @param parallelism objects checked at once; each deep check holds one 64 KiB buffer
     */
    public BackupVerifier(
            ObjectStore store,
            String storagePrefix,
            JsonMapper json,
            VerifyEvents events,
            CancelRegistry cancels,
            Retry retry,
            Duration progressInterval,
            int parallelism) {
        this.store = store;
        this.storagePrefix = storagePrefix;
        this.json = json;
        this.events = events;
        this.cancels = cancels;
        this.retry = retry;
        this.progressInterval = progressInterval;
        AtomicInteger threads = new AtomicInteger();
        this.checking = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "verify-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Verifies the backup and publishes the report; returns it too. Empty when the verify was cancelled (nothing is
     * published then).
     */
    public Optional<VerifyFinished> run(String operationId, StartVerify command) {
        String backupId = command.request().backupId();
        boolean deep = command.request().rereads();
        ObjectLayout layout = new ObjectLayout(storagePrefix, command.sourceCluster());
        Problems problems = new Problems();
        List<Check> checks = new ArrayList<>();
        try {
            for (NodeManifest manifest : nodeManifests(layout, backupId, problems)) {
                NodeRef node = manifest.node();
                for (NodeManifest.File file : manifest.files()) {
                    checks.add(new Check(node, file));
                }
            }
        } catch (RuntimeException e) {
            return Optional.of(finish(operationId, failed(deep, 0, 0, 0, problems, "reading the manifests", e)));
        }
        long bytesTotal = checks.stream().mapToLong(c -> c.file().size()).sum();
        LOG.info(
                "verify listed operationId={} backupId={} deep={} objects={} bytes={} manifestProblems={}",
                operationId,
                backupId,
                deep,
                checks.size(),
                bytesTotal,
                problems.count());
        events.progress(operationId, new VerifyProgress(0, checks.size(), 0, bytesTotal, problems.count()));

        AtomicLong objectsChecked = new AtomicLong();
        AtomicLong bytesChecked = new AtomicLong();
        CompletionService<Void> done = new ExecutorCompletionService<>(checking);
        List<Future<Void>> running = new ArrayList<>();
        for (Check check : checks) {
            running.add(done.submit(() -> {
                if (cancels.reason(operationId).isEmpty()) {
                    check(check, deep).ifPresent(problems::add);
                    objectsChecked.incrementAndGet();
                    bytesChecked.addAndGet(check.file().size());
                }
                return null;
            }));
        }
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
        try {
            for (int left = running.size(); left > 0; ) {
                Future<Void> next = done.poll(Math.max(0, nextProgress - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next != null) {
                    next.get();
                    left--;
                }
                if (cancels.reason(operationId).isPresent()) {
                    running.forEach(f -> f.cancel(true));
                    LOG.info("verify cancelled operationId={} backupId={}", operationId, backupId);
                    return Optional.empty();
                }
                if (System.nanoTime() >= nextProgress) {
                    events.progress(
                            operationId,
                            new VerifyProgress(
                                    objectsChecked.get(),
                                    checks.size(),
                                    bytesChecked.get(),
                                    bytesTotal,
                                    problems.count()));
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            }
        } catch (ExecutionException e) {
            // The store kept failing on an object: what is left cannot be checked either, most likely.
            running.forEach(f -> f.cancel(true));
            return Optional.of(finish(
                    operationId,
                    failed(
                            deep,
                            objectsChecked.get(),
                            checks.size(),
                            bytesChecked.get(),
                            problems,
                            "checking the objects",
                            e.getCause())));
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the verify of backup " + backupId + " was interrupted", e);
        }
        return Optional.of(finish(
                operationId,
                new VerifyFinished(
                        VerifyFinished.Outcome.COMPLETED,
                        deep,
                        objectsChecked.get(),
                        checks.size(),
                        bytesChecked.get(),
                        problems.count(),
                        problems.listed(),
                        null,
                        null)));
    }

    private VerifyFinished finish(String operationId, VerifyFinished report) {
        events.finished(operationId, report);
        LOG.info(
                "verify finished operationId={} outcome={} objects={}/{} problems={} reason={}",
                operationId,
                report.outcome(),
                report.objectsChecked(),
                report.objectsTotal(),
                report.problemCount(),
                report.reason());
        return report;
    }

    private static VerifyFinished failed(
            boolean deep,
            long objectsChecked,
            long objectsTotal,
            long bytesChecked,
            Problems problems,
            String doing,
            Throwable cause) {
        FailureReason reason = Failures.reasonOf(cause);
        return new VerifyFinished(
                VerifyFinished.Outcome.FAILED,
                deep,
                objectsChecked,
                objectsTotal,
                bytesChecked,
                problems.count(),
                problems.listed(),
                FailureReason.STORAGE_FAILED,
                "the object store failed " + doing + " (" + reason + "): " + cause.getMessage());
    }

    /**
     * The node manifests of the backup that can be read. A manifest missing or unreadable is a problem of the report,
     * not a failure of the verify: the backup is what is broken, and the report says where.
     */
    private List<NodeManifest> nodeManifests(ObjectLayout layout, String backupId, Problems problems) {
        String backupKey = layout.backupManifest(backupId);
        Optional<BackupManifest> backup = read(backupKey, BackupManifest.class, null, problems);
        if (backup.isEmpty()) {
            return List.of();
        }
        List<NodeManifest> manifests = new ArrayList<>();
        for (BackupManifest.NodeEntry entry : backup.get().nodes()) {
            NodeRef node = new NodeRef(entry.hostId(), entry.address(), entry.datacenter(), entry.rack());
            read(entry.manifestKey(), NodeManifest.class, node, problems).ifPresent(manifests::add);
        }
        return manifests;
    }

    private <T> Optional<T> read(String key, Class<T> type, NodeRef node, Problems problems) {
        Optional<byte[]> bytes = call(() -> store.getSmall(key));
        String what = node == null ? "the backup manifest " + key : "the manifest of " + describe(node) + ", " + key;
        if (bytes.isEmpty()) {
            problems.add(new Problem(
                    ProblemKind.MANIFEST_MISSING,
                    key,
                    node,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    what + ": not in the store"));
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(bytes.get(), type));
        } catch (JacksonException | IllegalArgumentException e) {
            problems.add(new Problem(
                    ProblemKind.MANIFEST_UNREADABLE,
                    key,
                    node,
                    null,
                    null,
                    null,
                    (long) bytes.get().length,
                    null,
                    null,
                    what + ": not a readable manifest (" + e.getClass().getSimpleName() + ")"));
            return Optional.empty();
        }
    }

    /** One object's check: empty when it is as the manifest records it. */
    private Optional<Problem> check(Check check, boolean deep) {
        NodeManifest.File file = check.file();
        Optional<StoredObject> head = call(() -> store.head(file.objectKey()));
        if (head.isEmpty()) {
            return Optional.of(check.problem(ProblemKind.MISSING, null, null, "not in the store"));
        }
        if (head.get().size() != file.size()) {
            return Optional.of(check.problem(
                    ProblemKind.SIZE_MISMATCH,
                    head.get().size(),
                    null,
                    head.get().size() + " bytes, the manifest records " + file.size()));
        }
        if (!deep) {
            return Optional.empty();
        }
        Read read;
        try {
            read = call(() -> reread(file.objectKey()));
        } catch (StorageException e) {
            if (e.reason() == FailureReason.OBJECT_NOT_FOUND) {
                // Deleted between the size check and the read.
                return Optional.of(check.problem(ProblemKind.MISSING, null, null, "not in the store"));
            }
            if (e.reason() == FailureReason.CHECKSUM_MISMATCH) {
                // An encrypted object that fails authentication (altered, cut short, another object's bytes): its
                // content is not what was stored, as with a SHA-256 that differs, but there is no digest to show.
                return Optional.of(check.problem(ProblemKind.CHECKSUM_MISMATCH, null, null, e.getMessage()));
            }
            throw e;
        }
        if (read.bytes() != file.size()) {
            return Optional.of(check.problem(
                    ProblemKind.SIZE_MISMATCH,
                    read.bytes(),
                    null,
                    read.bytes() + " bytes read, the manifest records " + file.size()));
        }
        if (!read.checksum().equals(file.checksum())) {
            return Optional.of(check.problem(
                    ProblemKind.CHECKSUM_MISMATCH,
                    null,
                    read.checksum(),
                    "SHA-256 " + read.checksum() + ", the manifest records " + file.checksum()));
        }
        return Optional.empty();
    }

    /** Streams the object through SHA-256: one buffer, whatever the object's size. */
    private Read reread(String key) throws Exception {
        MessageDigest digest = Checksums.sha256();
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        try (InputStream in = store.get(key, 0)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                bytes += n;
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped reading " + key);
                }
            }
        }
        return new Read(bytes, Checksums.format(digest));
    }

    /** A store call under the retry policy; its own failure class is kept, so the caller still reads its reason. */
    private <T> T call(java.util.concurrent.Callable<T> call) {
        try {
            return retry.executeCallable(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(Failures.reasonOf(e), e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        checking.shutdownNow();
    }

    static String describe(NodeRef node) {
        return "node " + node.hostId() + " (" + node.address() + ", " + node.datacenter() + ")";
    }

    private record Read(long bytes, String checksum) {}

    /** One object to check, with the node it belongs to. */
    private record Check(NodeRef node, NodeManifest.File file) {
        Problem problem(ProblemKind kind, Long actualSize, String actualChecksum, String what) {
            return new Problem(
                    kind,
                    file.objectKey(),
                    node,
                    file.keyspace(),
                    file.table(),
                    file.size(),
                    actualSize,
                    kind == ProblemKind.CHECKSUM_MISMATCH ? file.checksum() : null,
                    actualChecksum,
                    "object " + file.objectKey() + " of " + describe(node) + ", table " + file.keyspace() + "."
                            + file.table() + ": " + what);
        }
    }

    /**
     * The problems found, from every checking thread. Bounded like the report: past {@link VerifyFinished#MAX_LISTED}
     * only the count grows, so a backup whose every object is gone costs no more memory than the manifests.
     */
    private static final class Problems {
        private final List<Problem> listed = new ArrayList<>();
        private long count;

        synchronized void add(Problem problem) {
            count++;
            if (listed.size() < VerifyFinished.MAX_LISTED) {
                listed.add(problem);
            }
        }

        synchronized long count() {
            return count;
        }

        /** In a stable order: by node, table and key, manifests first. */
        synchronized List<Problem> listed() {
            return listed.stream()
                    .sorted(Comparator.comparing((Problem p) ->
                                    p.node() == null ? "" : p.node().hostId())
                            .thenComparing(p -> p.keyspace() == null ? "" : p.keyspace())
                            .thenComparing(p -> p.table() == null ? "" : p.table())
                            .thenComparing(Problem::objectKey))
                    .toList();
        }
    }
}

package io.ringvault.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The whole stack as child processes on this machine: Cassandra nodes, a Kafka broker and s3proxy, each in its own
 * JVM, started in parallel. If any service fails, the ones already up are stopped and the first failure is thrown.
 */
public final class LocalStack implements Stack {
    private final Path directory;
    private final LocalCassandra cassandra;
    private final LocalKafka kafka;
    private final LocalObjectStore objectStore;
    private volatile LocalCertificateAuthority certificateAuthority;

    private LocalStack(Path directory, LocalCassandra cassandra, LocalKafka kafka, LocalObjectStore objectStore) {
        this.directory = directory;
        this.cassandra = cassandra;
        this.kafka = kafka;
        this.objectStore = objectStore;
    }

    /**
     * The CA and certificates the ringvault services of this stack use for HTTPS ({@link StackSpec#tls(boolean)}), in
     * {@code <directory>/tls}; empty without TLS.
     */
    public Optional<LocalCertificateAuthority> certificateAuthority() {
        return Optional.ofNullable(certificateAuthority);
    }

    public static LocalStack start(StackSpec spec) {
        Path dir = spec.directory();
        CompletableFuture<LocalCassandra> cassandra = startIf(
                !spec.cassandraNodes().isEmpty(),
                () -> LocalCassandra.start(
                        dir.resolve("cassandra"), spec.cassandraNodes(), spec.cassandraHeap(), spec.startupTimeout()));
        CompletableFuture<LocalKafka> kafka = startIf(
                spec.kafka(), () -> LocalKafka.start(dir.resolve("kafka"), spec.kafkaPort(), spec.startupTimeout()));
        CompletableFuture<LocalObjectStore> objectStore = startIf(
                spec.objectStore(),
                () -> LocalObjectStore.start(
                        dir.resolve("s3proxy"), spec.objectStoreDirectory(), spec.bucket(), spec.startupTimeout()));

        List<RuntimeException> failures = new ArrayList<>();
        LocalCassandra c = await(cassandra, failures);
        LocalKafka k = await(kafka, failures);
        LocalObjectStore o = await(objectStore, failures);
        LocalStack stack = new LocalStack(dir, c, k, o);
        if (failures.isEmpty() && spec.tls()) {
            try {
                stack.certificateAuthority = LocalCertificateAuthority.generate(dir.resolve("tls"), "ringvault local");
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            stack.close();
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return stack;
    }

    private static <T> CompletableFuture<T> startIf(boolean wanted, Supplier<T> starter) {
        return wanted ? CompletableFuture.supplyAsync(starter) : CompletableFuture.completedFuture(null);
    }

    private static <T> T await(CompletableFuture<T> future, List<RuntimeException> failures) {
        try {
            return future.join();
        } catch (CompletionException e) {
            failures.add(e.getCause() instanceof RuntimeException r ? r : e);
            return null;
        }
    }

    @Override
    public List<CassandraEndpoint> cassandraNodes() {
        return cassandra == null ? List.of() : cassandra.endpoints();
    }

    /** The Cassandra cluster itself, to stop and start single nodes. */
    public LocalCassandra cassandraCluster() {
        if (cassandra == null) {
            throw new IllegalStateException("this stack runs no Cassandra");
        }
        return cassandra;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka == null ? null : kafka.bootstrapServers();
    }

    @Override
    public ObjectStoreEndpoint objectStore() {
        return objectStore == null ? null : objectStore.endpoint();
    }

    /** Where s3proxy keeps the bucket's objects as files. */
    public Path objectStoreBucketDirectory() {
        if (objectStore == null) {
            throw new IllegalStateException("this stack runs no object store");
        }
        return objectStore.bucketDirectory();
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public Map<String, Long> peakResidentBytes() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        processes().forEach(p -> {
            long peak = p.peakResidentBytes();
            if (peak >= 0) {
                peaks.put(p.service(), peak);
            }
        });
        return peaks;
    }

    /** The operating-system process ids of the services, by service name. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes().forEach(p -> pids.put(p.service(), p.pid()));
        return pids;
    }

    private List<ChildProcess> processes() {
        List<ChildProcess> processes = new ArrayList<>();
        if (cassandra != null) {
            processes.addAll(cassandra.processes());
        }
        if (kafka != null) {
            processes.add(kafka.process());
        }
        if (objectStore != null) {
            processes.add(objectStore.process());
        }
        return processes;
    }

    @Override
    public void close() {
        List<AutoCloseable> services = new ArrayList<>();
        if (objectStore != null) {
            services.add(objectStore);
        }
        if (kafka != null) {
            services.add(kafka);
        }
        if (cassandra != null) {
            services.add(cassandra);
        }
        services.parallelStream().forEach(service -> {
            try {
                service.close();
            } catch (Exception e) {
                // Closing goes on for the others; the reaper hook forcibly stops anything left.
            }
        });
    }
}

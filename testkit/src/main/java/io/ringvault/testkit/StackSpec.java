package io.ringvault.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to start. Defaults: one Cassandra node (127.0.0.1, datacenter {@code dc1}, rack {@code rack1}), Kafka, and an
 * object store with bucket {@code ringvault}, under the given directory.
 */
public final class StackSpec {
    private final Path directory;
    private final List<CassandraNodeSpec> cassandraNodes = new ArrayList<>();
    private boolean cassandra = true;
    private boolean kafka = true;
    private boolean objectStore = true;
    private int kafkaPort;
    private String bucket = "ringvault";
    private Path objectStoreDirectory;
    private String cassandraHeap = "512m";
    private Duration startupTimeout = Duration.ofSeconds(180);
    private boolean tls;

    private StackSpec(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    }

    /** A stack whose data and logs live under {@code directory}. */
    public static StackSpec in(Path directory) {
        return new StackSpec(directory);
    }

    /** Adds a Cassandra node; with none added, one default node is started. */
    public StackSpec cassandraNode(CassandraNodeSpec node) {
        if (cassandraNodes.stream()
                .anyMatch(n -> n.name().equals(node.name()) || n.address().equals(node.address()))) {
            throw new IllegalArgumentException("two nodes share a name or address: " + node);
        }
        cassandraNodes.add(node);
        return this;
    }

    /** Starts no Cassandra at all (for tests that only need Kafka or the object store). */
    public StackSpec withoutCassandra() {
        this.cassandra = false;
        return this;
    }

    public StackSpec withoutKafka() {
        this.kafka = false;
        return this;
    }

    public StackSpec withoutObjectStore() {
        this.objectStore = false;
        return this;
    }

    /** A fixed Kafka port instead of a free one; for tests of start-up failures. */
    public StackSpec kafkaPort(int port) {
        this.kafkaPort = port;
        return this;
    }

    public StackSpec bucket(String bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        return this;
    }

    /**
     * Keeps the object store's objects in {@code directory} (one directory per bucket) instead of under the stack's
     * directory, so that they outlive the stack: a later stack on the same directory sees the same backups.
     */
    public StackSpec objectStoreDirectory(Path directory) {
        this.objectStoreDirectory =
                Objects.requireNonNull(directory, "directory").toAbsolutePath();
        return this;
    }

    /** Adds the nodes of {@code topology}, numbered from 1. */
    public StackSpec topology(Topology topology) {
        return topology(topology, false);
    }

    /** The nodes of {@code topology}, with {@code incremental_backups} set to {@code incrementalBackups}. */
    public StackSpec topology(Topology topology, boolean incrementalBackups) {
        topology.nodes().forEach(node -> cassandraNode(node.withIncrementalBackups(incrementalBackups)));
        return this;
    }

    /** Cassandra's maximum heap, as a JVM size ({@code 512m}, {@code 1g}). */
    public StackSpec cassandraHeap(String heap) {
        this.cassandraHeap = Objects.requireNonNull(heap, "heap");
        return this;
    }

    /** How long each service may take to become ready. */
    public StackSpec startupTimeout(Duration timeout) {
        this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Whether the ringvault services of this stack speak HTTPS: the stack then makes a CA, a server and a client
     * certificate ({@link LocalStack#certificateAuthority()}) for {@link ServiceSettings#tls}. Default false.
     */
    public StackSpec tls(boolean tls) {
        this.tls = tls;
        return this;
    }

    public boolean tls() {
        return tls;
    }

    public Path directory() {
        return directory;
    }

    public List<CassandraNodeSpec> cassandraNodes() {
        if (!cassandra) {
            return List.of();
        }
        if (cassandraNodes.isEmpty()) {
            return List.of(CassandraNodeSpec.node(1, "dc1", "rack1"));
        }
        return List.copyOf(cassandraNodes);
    }

    public boolean kafka() {
        return kafka;
    }

    public boolean objectStore() {
        return objectStore;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public String bucket() {
        return bucket;
    }

    /** Where the object store keeps its objects; under {@link #directory()} unless set. */
    public Path objectStoreDirectory() {
        return objectStoreDirectory != null
                ? objectStoreDirectory
                : directory.resolve("s3proxy").resolve("objects");
    }

    public String cassandraHeap() {
        return cassandraHeap;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }
}

package io.ringvault.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same stack through Testcontainers, for machines with a Docker engine: Cassandra 5.0 (one container per node on a
 * shared network), Apache Kafka in KRaft mode, and MinIO for S3. Selected with {@code -Dringvault.testkit.mode=containers}
 * or detected with {@code auto}.
 *
 * <p>Limits of this path: the nodes' data directories are inside the containers ({@link CassandraEndpoint#dataDirectories()}
 * is empty), and with several nodes only the mapped CQL port of each node is reachable from the host, so a driver
 * should be pinned to one node.
 */
public final class ContainerStack implements Stack {
    static final String CASSANDRA_IMAGE = "cassandra:5.0.6";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

    private final Path directory;
    private final Network network;
    private final List<GenericContainer<?>> cassandraContainers;
    private final List<CassandraEndpoint> cassandraEndpoints;
    private final KafkaContainer kafka;
    private final MinIOContainer minio;
    private final ObjectStoreEndpoint objectStore;

    private ContainerStack(
            Path directory,
            Network network,
            List<GenericContainer<?>> cassandraContainers,
            List<CassandraEndpoint> cassandraEndpoints,
            KafkaContainer kafka,
            MinIOContainer minio,
            ObjectStoreEndpoint objectStore) {
        this.directory = directory;
        this.network = network;
        this.cassandraContainers = cassandraContainers;
        this.cassandraEndpoints = cassandraEndpoints;
        this.kafka = kafka;
        this.minio = minio;
        this.objectStore = objectStore;
    }

    public static ContainerStack start(StackSpec spec) {
        spec.cassandraNodes().stream()
                .filter(node -> !node.extraYaml().isEmpty())
                .findFirst()
                .ifPresent(node -> {
                    throw new IllegalArgumentException(
                            "extra cassandra.yaml settings are supported on the local path only: " + node.name());
                });
        Network network = Network.newNetwork();
        List<GenericContainer<?>> nodes = new ArrayList<>();
        List<CassandraEndpoint> endpoints = new ArrayList<>();
        KafkaContainer kafka = null;
        MinIOContainer minio = null;
        try {
            String seeds = spec.cassandraNodes().isEmpty()
                    ? ""
                    : spec.cassandraNodes().get(0).name();
            for (CassandraNodeSpec node : spec.cassandraNodes()) {
                // JMX over RMI hands out its own host and port, so the host port must equal the container port.
                int jmxPort = FreePorts.free(InetAddress.getLoopbackAddress());
                GenericContainer<?> container = new GenericContainer<>(CASSANDRA_IMAGE)
                        .withNetwork(network)
                        .withNetworkAliases(node.name())
                        .withEnv(Map.of(
                                "CASSANDRA_CLUSTER_NAME",
                                LocalCassandra.CLUSTER_NAME,
                                "CASSANDRA_SEEDS",
                                seeds,
                                "CASSANDRA_DC",
                                node.datacenter(),
                                "CASSANDRA_RACK",
                                node.rack(),
                                "CASSANDRA_ENDPOINT_SNITCH",
                                "GossipingPropertyFileSnitch",
                                "MAX_HEAP_SIZE",
                                spec.cassandraHeap(),
                                "HEAP_NEWSIZE",
                                "128m",
                                "LOCAL_JMX",
                                "no",
                                "JMX_PORT",
                                Integer.toString(jmxPort),
                                "JVM_EXTRA_OPTS",
                                "-Dcom.sun.management.jmxremote.authenticate=false"
                                        + " -Djava.rmi.server.hostname=127.0.0.1"
                                        + " -Dcassandra.skip_wait_for_gossip_to_settle=0"))
                        .withExposedPorts(9042)
                        .waitingFor(Wait.forListeningPorts(9042).withStartupTimeout(spec.startupTimeout()));
                container.setPortBindings(List.of(jmxPort + ":" + jmxPort));
                container.start();
                nodes.add(container);
                endpoints.add(new CassandraEndpoint(
                        node.name(),
                        new InetSocketAddress(container.getHost(), container.getMappedPort(9042)),
                        "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi",
                        node.datacenter(),
                        node.rack(),
                        List.of()));
            }
            if (spec.kafka()) {
                kafka = new KafkaContainer(KAFKA_IMAGE).withStartupTimeout(spec.startupTimeout());
                kafka.start();
            }
            ObjectStoreEndpoint objectStore = null;
            if (spec.objectStore()) {
                byte[] secret = new byte[20];
                new SecureRandom().nextBytes(secret);
                String secretKey = HexFormat.of().formatHex(secret);
                minio = new MinIOContainer(MINIO_IMAGE)
                        .withUserName(LocalObjectStore.ACCESS_KEY)
                        .withPassword(secretKey)
                        .withStartupTimeout(spec.startupTimeout());
                minio.start();
                // Create the bucket the way MinIO allows from inside: mc is not in the server image, a directory is.
                minio.execInContainer("mkdir", "-p", "/data/" + spec.bucket());
                objectStore = new ObjectStoreEndpoint(
                        URI.create(minio.getS3URL()),
                        LocalObjectStore.REGION,
                        spec.bucket(),
                        LocalObjectStore.ACCESS_KEY,
                        secretKey);
            }
            return new ContainerStack(spec.directory(), network, nodes, endpoints, kafka, minio, objectStore);
        } catch (Exception e) {
            nodes.forEach(GenericContainer::stop);
            if (kafka != null) {
                kafka.stop();
            }
            if (minio != null) {
                minio.stop();
            }
            network.close();
            throw new ServiceStartException("containers", e.getMessage(), e);
        }
    }

    /** True when a Docker engine answers; Testcontainers' own check. */
    static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public List<CassandraEndpoint> cassandraNodes() {
        return List.copyOf(cassandraEndpoints);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka == null ? null : kafka.getBootstrapServers();
    }

    @Override
    public ObjectStoreEndpoint objectStore() {
        return objectStore;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public Map<String, Long> peakResidentBytes() {
        return Map.of();
    }

    @Override
    public void close() {
        cassandraContainers.forEach(GenericContainer::stop);
        if (kafka != null) {
            kafka.stop();
        }
        if (minio != null) {
            minio.stop();
        }
        network.close();
    }
}

package io.ringvault.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The Spring properties that wire each ringvault service to a stack's Cassandra node, Kafka and object store: one
 * place for what the demo, the local stack and the system tests all start.
 *
 * <p>The coordinator runs with authentication on, as in production: it knows one static API token, random for each
 * {@code ServiceSettings}, with the admin role ({@link #apiToken()}, named {@link #apiCaller()}). Whoever calls the
 * coordinator's API sends it as {@code Authorization: Bearer}.
 */
public final class ServiceSettings {
    private static final List<String> TOPICS = List.of("requests", "commands", "files", "events", "dlq");
    /** The caller the API token authenticates: the {@code requestedBy} of what is asked with it. */
    public static final String API_CALLER = "local-admin";

    private final Stack stack;
    private final String agentToken;
    private final String apiToken = newApiToken();
    private final Map<String, String> common = new HashMap<>();
    private String topicPrefix;
    private LocalCertificateAuthority tls;
    private String agentAuth;

    /**
     * @param cluster the cluster's name in the object layout
     * @param storagePrefix the object-store key prefix; null or empty for none
     * @param objectStore null for a filesystem store in {@code objectDirectory}, else the s3proxy to use through the S3
     *     backend
     */
    public ServiceSettings(
            Stack stack,
            String agentToken,
            String cluster,
            String storagePrefix,
            ObjectStoreEndpoint objectStore,
            Path objectDirectory) {
        this(
                stack,
                agentToken,
                cluster,
                storagePrefix,
                objectStore != null ? StoreTarget.s3(objectStore) : StoreTarget.filesystem(objectDirectory));
    }

    /**
     * @param cluster the cluster's name in the object layout
     * @param storagePrefix the object-store key prefix; null or empty for none
     * @param store the object store every service uses
     */
    public ServiceSettings(Stack stack, String agentToken, String cluster, String storagePrefix, StoreTarget store) {
        this.stack = stack;
        this.agentToken = agentToken;
        common.put("spring.kafka.bootstrap-servers", stack.kafkaBootstrapServers());
        common.put("ringvault.storage.cluster", cluster);
        if (storagePrefix != null && !storagePrefix.isEmpty()) {
            common.put("ringvault.storage.prefix", storagePrefix);
        }
        common.putAll(store.serviceProperties());
    }

    /**
     * Topics named {@code <prefix>.<name>} and consumer groups {@code <prefix>-<service>}, so that several systems can
     * share one Kafka without seeing each other's messages.
     */
    public ServiceSettings topicPrefix(String prefix) {
        this.topicPrefix = prefix;
        for (String topic : TOPICS) {
            common.put("ringvault.topics." + topic, prefix + "." + topic);
        }
        return this;
    }

    /**
     * HTTPS on the coordinator and the node agents with the server certificate of {@code ca}, and mutual TLS to the
     * agents: the uploaders and restorers trust {@code ca} and present its client certificate.
     *
     * @param agentAuth {@code mtls} (the certificate in place of the agent token: no service is given the token) or
     *     {@code both}
     */
    public ServiceSettings tls(LocalCertificateAuthority ca, String agentAuth) {
        if (!agentAuth.equals("mtls") && !agentAuth.equals("both")) {
            throw new IllegalArgumentException("agentAuth is mtls or both, not " + agentAuth);
        }
        this.tls = Objects.requireNonNull(ca, "ca");
        this.agentAuth = agentAuth;
        return this;
    }

    /** The certificates of {@link #tls}, or null for plain HTTP. */
    public LocalCertificateAuthority certificateAuthority() {
        return tls;
    }

    /** Properties for every service, over the ones set here (for example {@code ringvault.storage.s3.part-size}). */
    public ServiceSettings override(Map<String, String> properties) {
        common.putAll(properties);
        return this;
    }

    /** The admin token the coordinator accepts: a secret, never to be printed or logged. */
    public String apiToken() {
        return apiToken;
    }

    /** The name the coordinator gives the caller of {@link #apiToken()}. */
    public String apiCaller() {
        return API_CALLER;
    }

    public Map<String, String> coordinator() {
        CassandraEndpoint node = stack.cassandra();
        Map<String, String> properties = new HashMap<>(common);
        // Only the token's digest is configured, as in production (docs/security.md).
        properties.put("ringvault.coordinator.auth.tokens[0].name", API_CALLER);
        properties.put("ringvault.coordinator.auth.tokens[0].role", "admin");
        properties.put("ringvault.coordinator.auth.tokens[0].sha256", sha256Hex(apiToken));
        properties.put("ringvault.coordinator.cassandra.contact-points", contactPoints(node.datacenter()));
        properties.put("ringvault.coordinator.cassandra.local-datacenter", node.datacenter());
        consumerGroup(properties, "ringvault.coordinator.consumer-group", "coordinator");
        if (tls != null) {
            properties.put(
                    "ringvault.coordinator.tls.certificate",
                    tls.serverCertificate().toString());
            properties.put(
                    "ringvault.coordinator.tls.private-key", tls.serverKey().toString());
        }
        return properties;
    }

    /** @param workDirectory where the agent records the snapshots it took */
    public Map<String, String> nodeAgent(Path workDirectory) {
        return nodeAgent(stack.cassandra(), workDirectory);
    }

    /**
     * The agent beside {@code node}, one per node.
     *
     * @param workDirectory where the agent records the snapshots it took; one per agent
     */
    public Map<String, String> nodeAgent(CassandraEndpoint node, Path workDirectory) {
        Map<String, String> properties = new HashMap<>(common);
        if (tls != null) {
            properties.put("ringvault.agent.auth", agentAuth);
            properties.put(
                    "ringvault.agent.tls.certificate", tls.serverCertificate().toString());
            properties.put("ringvault.agent.tls.private-key", tls.serverKey().toString());
            properties.put("ringvault.agent.tls.client-ca", tls.caCertificate().toString());
        }
        if (tokenToAgents()) {
            properties.put("ringvault.agent.token", agentToken);
        }
        properties.put("ringvault.agent.jmx-url", node.jmxServiceUrl());
        properties.put("ringvault.agent.cassandra.contact-points", contactPoint(node));
        properties.put("ringvault.agent.cassandra.local-datacenter", node.datacenter());
        properties.put(
                "ringvault.agent.data-directories",
                node.dataDirectories().stream().map(Path::toString).collect(Collectors.joining(",")));
        properties.put("ringvault.agent.work-directory", workDirectory.toString());
        // Restores that stream run Cassandra's own bulk loader: a launcher on the testkit's Cassandra classpath.
        LocalBulkLoader.scriptIfAvailable(workDirectory)
                .ifPresent(loader -> properties.put("ringvault.agent.bulk-loader.command", loader.toString()));
        return properties;
    }

    /** @param instance this uploader's name, in the CloudEvent source of its events */
    public Map<String, String> uploader(String instance) {
        Map<String, String> properties = new HashMap<>(common);
        agentClient(properties, "ringvault.uploader");
        properties.put("ringvault.uploader.source", "/ringvault/" + instance);
        return properties;
    }

    /**
     * @param instance this restorer's name, in the CloudEvent source of its events
     * @param hostId the stack node's Cassandra host id
     * @param agentUrl the URL of that node's agent
     */
    public Map<String, String> restorer(String instance, String hostId, String agentUrl) {
        return restorer(instance, Map.of(hostId, agentUrl));
    }

    /**
     * @param instance this restorer's name, in the CloudEvent source of its events
     * @param agentUrls the URL of every node's agent, by the node's Cassandra host id
     */
    public Map<String, String> restorer(String instance, Map<String, String> agentUrls) {
        CassandraEndpoint node = stack.cassandra();
        Map<String, String> properties = new HashMap<>(common);
        agentClient(properties, "ringvault.restorer");
        agentUrls.forEach((hostId, url) -> properties.put("ringvault.restorer.agent-urls." + hostId, url));
        properties.put("ringvault.restorer.cassandra.contact-points", contactPoints(node.datacenter()));
        properties.put("ringvault.restorer.cassandra.local-datacenter", node.datacenter());
        properties.put("ringvault.restorer.source", "/ringvault/" + instance);
        consumerGroup(properties, "ringvault.restorer.consumer-group", "restorer");
        return properties;
    }

    /**
     * A node's Cassandra host id: how the restorer names the node whose agent it calls. Read from the driver's metadata
     * rather than {@code system.local}, whose query the driver may send to any node of the datacenter.
     */
    public static String hostIdOf(CassandraEndpoint node) {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .build()) {
            return session.getMetadata().getNodes().values().stream()
                    .filter(candidate -> candidate.getEndPoint().resolve().equals(node.cql()))
                    .map(candidate -> candidate.getHostId())
                    .filter(Objects::nonNull)
                    .map(Object::toString)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "the cluster's metadata has no node at " + node.cql() + " (" + node.name() + ")"));
        }
    }

    /** The token, and with TLS the CA and client certificate, of a caller of the agents. */
    private void agentClient(Map<String, String> properties, String prefix) {
        if (tokenToAgents()) {
            properties.put(prefix + ".agent-token", agentToken);
        }
        if (tls != null) {
            properties.put(
                    prefix + ".agent-tls.ca-certificate", tls.caCertificate().toString());
            properties.put(
                    prefix + ".agent-tls.certificate", tls.clientCertificate().toString());
            properties.put(prefix + ".agent-tls.private-key", tls.clientKey().toString());
        }
    }

    private boolean tokenToAgents() {
        return tls == null || !agentAuth.equals("mtls");
    }

    /** The hex SHA-256 of a token's UTF-8 bytes: what the coordinator is configured with in place of the token. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** 32 random bytes, base64url: a token's characters all pass as a bearer token. */
    private static String newApiToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return "rv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private void consumerGroup(Map<String, String> properties, String key, String service) {
        if (topicPrefix != null) {
            properties.put(key, topicPrefix + "-" + service);
        }
    }

    /** The nodes of {@code datacenter}: the driver's contact points must be in its local datacenter. */
    private String contactPoints(String datacenter) {
        return stack.cassandraNodes().stream()
                .filter(node -> node.datacenter().equals(datacenter))
                .map(ServiceSettings::contactPoint)
                .collect(Collectors.joining(","));
    }

    private static String contactPoint(CassandraEndpoint node) {
        return node.cql().getHostString() + ":" + node.cql().getPort();
    }
}

package io.ringvault.common;

import java.time.Duration;
import java.util.Map;

/**
 * The topics of ringvault, with the default name, partition count and configuration of each. Names are configurable
 * per deployment ({@link TopicNames}); partition counts and configs are what services create when a topic is missing.
 */
public enum Topic {
    /** Requests from outside: any system may publish here. Keyed by request id. */
    REQUESTS(
            "ringvault.requests",
            3,
            Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis()))),
    /** Coordinator to node agents, uploaders and restorers. Keyed by operation id. */
    COMMANDS(
            "ringvault.commands",
            3,
            Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis()))),
    /** One event per file ready to upload; many partitions so the uploaders' consumer group scales out. */
    FILES(
            "ringvault.files",
            12,
            Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis()))),
    /** Every state change: the audit trail and the coordinator's only state. Never deleted. Keyed by operation id. */
    EVENTS("ringvault.events", 6, Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete")),
    /** Rejected messages, with the original bytes and the reason in headers. */
    DLQ(
            "ringvault.dlq",
            1,
            Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));

    private final String defaultName;
    private final int partitions;
    private final Map<String, String> configs;

    Topic(String defaultName, int partitions, Map<String, String> configs) {
        this.defaultName = defaultName;
        this.partitions = partitions;
        this.configs = configs;
    }

    public String defaultName() {
        return defaultName;
    }

    /** Partitions to create the topic with when it is missing. */
    public int partitions() {
        return partitions;
    }

    /** Topic configuration to create the topic with when it is missing. */
    public Map<String, String> configs() {
        return configs;
    }
}

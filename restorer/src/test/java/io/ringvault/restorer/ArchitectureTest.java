package io.ringvault.restorer;

import io.ringvault.testkit.architecture.DomainLayering;
import org.junit.jupiter.api.Test;

/**
 * The restore decides in {@code restore} (with the target cluster's port in {@code cluster}); Kafka, the node agents'
 * HTTP API and the wiring stay in the adapters, behind {@code RestoreEvents}, {@code NodeAgents} and
 * {@code RestorePlanner.AgentDirectory}.
 */
class ArchitectureTest {
    @Test
    void domainKnowsNoKafkaOrHttp() {
        DomainLayering.of("io.ringvault.restorer")
                .domain("restore", "cluster")
                .adapters("agent", "messaging", "config")
                .check();
    }
}

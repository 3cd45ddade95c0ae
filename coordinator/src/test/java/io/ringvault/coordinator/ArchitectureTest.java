package io.ringvault.coordinator;

import io.ringvault.testkit.architecture.DomainLayering;
import org.junit.jupiter.api.Test;

/** The coordinator's domain decides without Kafka or HTTP; only its adapters speak them (see DESIGN.md). */
class ArchitectureTest {

    @Test
    void domainKnowsNoKafkaHttpOrAdapters() {
        DomainLayering.of("io.ringvault.coordinator")
                .domain("operation", "lifecycle", "request", "catalog", "cluster", "retention", "schedule", "imports")
                .adapters("api", "messaging", "config", "security")
                .check();
    }
}

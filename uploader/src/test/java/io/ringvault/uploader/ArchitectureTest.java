package io.ringvault.uploader;

import io.ringvault.testkit.architecture.DomainLayering;
import org.junit.jupiter.api.Test;

/**
 * The upload decides in {@code upload}; Kafka, the node agents' HTTP API and the wiring stay in the adapters, behind
 * {@code AgentFiles} and the listener's calls into {@code FileUploader} and {@code BatchBudget}.
 */
class ArchitectureTest {
    @Test
    void domainKnowsNoKafkaOrHttp() {
        DomainLayering.of("io.ringvault.uploader")
                .domain("upload")
                .adapters("agent", "messaging", "config")
                .check();
    }
}

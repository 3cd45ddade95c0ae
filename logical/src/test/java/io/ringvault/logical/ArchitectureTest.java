package io.ringvault.logical;

import io.ringvault.testkit.architecture.DomainLayering;
import org.junit.jupiter.api.Test;

/** The logical engine is all domain: no Kafka, no HTTP, so that the agent and the restorer can wire it in as they like. */
class ArchitectureTest {

    @Test
    void engineKnowsNoKafkaOrHttp() {
        DomainLayering.of("io.ringvault.logical")
                .domain("schema", "format", "export", "load", "csv")
                .check();
    }
}

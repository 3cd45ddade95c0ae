package io.ringvault.restorer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ringvault.testkit.architecture.DomainLayering;
import org.junit.jupiter.api.Test;

/**
 * The restore decides in {@code restore} (a logical backup's in {@code logical}; the target cluster's port in {@code cluster}), the verify of a backup in
 * {@code verify}, its delete in {@code delete}, the garbage collection of the store in {@code gc}, its copy to another
 * store in {@code copy}; Kafka, the node agents' HTTP API and the wiring stay in the adapters, behind
 * {@code RestoreEvents}, {@code VerifyEvents}, {@code DeleteEvents}, {@code GcEvents}, {@code CopyEvents}, {@code NodeAgents} and {@code RestorePlanner.AgentDirectory}.
 */
class ArchitectureTest {
    @Test
    void domainKnowsNoKafkaOrHttp() {
        DomainLayering.of("io.ringvault.restorer")
                .domain("restore", "logical", "cluster", "verify", "delete", "gc", "copy")
                .adapters("agent", "messaging", "config")
                .check();
    }

    /**
     * The domain reads the agents' refusals by their reasons (common's {@code FailureReason}, plain Java);
     * only the {@code agent} adapter calls the agents through agent-api's HTTP client.
     */
    @Test
    void domainUsesTheAgentContractButNotItsClient() {
        noClasses()
                .that()
                .resideInAnyPackage("io.ringvault.restorer.restore..", "io.ringvault.restorer.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.ringvault.agentapi.client..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.ringvault.restorer"));
    }
}

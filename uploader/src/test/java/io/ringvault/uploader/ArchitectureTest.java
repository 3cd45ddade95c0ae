package io.ringvault.uploader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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

    /** The node agents' API (agent-api: paths, reasons, client) is the {@code agent} adapter's business. */
    @Test
    void domainKnowsNoAgentApi() {
        noClasses()
                .that()
                .resideInAnyPackage("io.ringvault.uploader.upload..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.ringvault.agentapi..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.ringvault.uploader"));
    }
}

package io.ringvault.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ringvault.testkit.architecture.DomainLayering;
import org.junit.jupiter.api.Test;

/**
 * The agent decides in {@code snapshot}, {@code restore} and {@code node} (the local Cassandra node over CQL and JMX);
 * Kafka, the HTTP API and the wiring stay in the adapters. The HTTP contract (agent-api) is the {@code api} package's
 * business: the domain's refusals carry their own reasons, which {@code api.ProblemHandler} answers with.
 */
class ArchitectureTest {
    private static final String BASE = "io.ringvault.agent";

    @Test
    void domainKnowsNoKafkaOrHttp() {
        DomainLayering.of(BASE)
                .domain("snapshot", "restore", "node")
                .adapters("api", "messaging", "config")
                .check();
    }

    @Test
    void domainKnowsNoHttpContract() {
        noClasses()
                .that()
                .resideInAnyPackage(BASE + ".snapshot..", BASE + ".restore..", BASE + ".node..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.ringvault.agentapi..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(BASE));
    }
}

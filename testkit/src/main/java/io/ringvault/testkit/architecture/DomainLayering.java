package io.ringvault.testkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The layering every service keeps: its domain packages decide, its adapters talk to Kafka and HTTP. A domain class
 * that reaches for Kafka, an HTTP stack or one of the service's own adapter packages fails the build.
 *
 * <pre>{@code
 * @Test
 * void domainKnowsNoKafkaOrHttp() {
 *     DomainLayering.of("io.ringvault.coordinator")
 *             .domain("operation", "lifecycle", "request", "catalog")
 *             .adapters("api", "messaging", "config")
 *             .check();
 * }
 * }</pre>
 */
public final class DomainLayering {
    /** Libraries only adapters may use: Kafka clients, Spring's Kafka and web stacks, servlet and JDK HTTP clients. */
    static final String[] TRANSPORT_PACKAGES = {
        "org.apache.kafka..",
        "org.springframework.kafka..",
        "org.springframework.web..",
        "org.springframework.http..",
        "jakarta.servlet..",
        "java.net.http..",
    };

    private final String basePackage;
    private String[] domain = new String[0];
    private String[] adapters = new String[0];

    private DomainLayering(String basePackage) {
        this.basePackage = basePackage;
    }

    /** The layering of the service whose classes live under {@code basePackage}. */
    public static DomainLayering of(String basePackage) {
        return new DomainLayering(basePackage);
    }

    /** The service's domain packages, relative to its base package (each with its subpackages). */
    public DomainLayering domain(String... packages) {
        this.domain = packages;
        return this;
    }

    /** The service's adapter packages, relative to its base package: the only ones that may speak Kafka or HTTP. */
    public DomainLayering adapters(String... packages) {
        this.adapters = packages;
        return this;
    }

    /** The rule itself, for callers that want to check it against classes of their own. */
    public ArchRule rule() {
        if (domain.length == 0) {
            throw new IllegalStateException("no domain packages named for " + basePackage);
        }
        String[] domainPackages = qualified(domain);
        String[] forbidden = concat(TRANSPORT_PACKAGES, qualified(adapters));
        return noClasses()
                .that()
                .resideInAnyPackage(domainPackages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .because("domain code decides and knows no Kafka or HTTP; adapters translate (see STYLE)");
    }

    /** Checks the service's main classes (tests excluded); fails with every offending dependency listed. */
    public void check() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes found under " + basePackage);
        }
        rule().check(classes);
    }

    private String[] qualified(String[] packages) {
        return Arrays.stream(packages).map(p -> basePackage + "." + p + "..").toArray(String[]::new);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}

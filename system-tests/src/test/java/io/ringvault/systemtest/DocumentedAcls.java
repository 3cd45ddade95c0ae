package io.ringvault.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The {@code kafka-acls.sh --add} commands of {@code docs/security.md}'s "Kafka ACLs" section, read as Kafka's
 * {@link AclBinding}s: the test grants exactly what the documentation tells operators to grant, so a missing grant
 * fails the test rather than a deployment.
 */
final class DocumentedAcls {
    private DocumentedAcls() {}

    static Path securityDoc() {
        return Path.of(System.getProperty("ringvault.docs", "../docs")).resolve("security.md");
    }

    /** Every binding the section grants to {@code principal} ({@code User:name}). */
    static List<AclBinding> grantedTo(String principal) throws IOException {
        return all().stream()
                .filter(binding -> binding.entry().principal().equals(principal))
                .toList();
    }

    static List<AclBinding> all() throws IOException {
        String doc = Files.readString(securityDoc());
        int section = doc.indexOf("## Kafka ACLs");
        if (section < 0) {
            throw new IllegalStateException(securityDoc() + " has no 'Kafka ACLs' section");
        }
        int start = doc.indexOf("```sh", section);
        int end = doc.indexOf("```", start + 5);
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : doc.substring(start + 5, end).split("\n")) {
            if (line.startsWith("kafka-acls.sh ")) {
                bindings.addAll(parse(line));
            }
        }
        if (bindings.isEmpty()) {
            throw new IllegalStateException("no kafka-acls.sh command in the 'Kafka ACLs' section of " + securityDoc());
        }
        return bindings;
    }

    /** One command: every operation on every resource it names, for its principal. */
    static List<AclBinding> parse(String command) {
        List<String> words = Arrays.asList(command.trim().split("\\s+"));
        if (!words.contains("--add")) {
            throw new IllegalArgumentException("not an --add command: " + command);
        }
        String principal = null;
        PatternType patternType = PatternType.LITERAL;
        List<AclOperation> operations = new ArrayList<>();
        List<String[]> resources = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String value = i + 1 < words.size() ? words.get(i + 1) : null;
            switch (words.get(i)) {
                case "--allow-principal" -> principal = value;
                case "--operation" -> operations.add(AclOperation.fromString(value.toUpperCase(Locale.ROOT)));
                case "--resource-pattern-type" -> patternType = PatternType.fromString(value.toUpperCase(Locale.ROOT));
                case "--topic" -> resources.add(new String[] {"TOPIC", value});
                case "--group" -> resources.add(new String[] {"GROUP", value});
                case "--transactional-id" -> resources.add(new String[] {"TRANSACTIONAL_ID", value});
                case "--cluster" -> resources.add(new String[] {"CLUSTER", "kafka-cluster"});
                default -> {}
            }
        }
        if (principal == null
                || operations.isEmpty()
                || operations.contains(AclOperation.UNKNOWN)
                || resources.isEmpty()
                || patternType == PatternType.UNKNOWN) {
            throw new IllegalArgumentException("an incomplete or unknown grant: " + command);
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (String[] resource : resources) {
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(
                        new ResourcePattern(ResourceType.fromString(resource[0]), resource[1], patternType),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }
}

package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docs/configuration.md} and the services' {@code application.yml} files in step: every
 * {@code ${VARIABLE:default}} placeholder is documented, with the services that read it, the key it sets and its
 * default, and nothing else is documented as a placeholder. Rows whose first cell is a variable in backticks are
 * placeholders; relaxed-binding names are in italics and are not checked here.
 */
class ConfigurationReferenceTest {
    private static final List<String> SERVICES = List.of("coordinator", "node-agent", "uploader", "restorer");
    private static final Pattern DOCUMENTED_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private static Path root;
    /** Variable → where the services read it. */
    private static Map<String, List<Placeholder>> placeholders;
    /** Variable → its row in the reference. */
    private static Map<String, Row> documented;

    /** One {@code ${name:default}} in one service's application.yml; {@code defaultValue} is null without a colon. */
    record Placeholder(String service, String key, String variable, String defaultValue) {}

    record Row(String variable, String keys, String services, String defaultValue, int line) {}

    @BeforeAll
    static void readFiles() throws IOException {
        root = Path.of("..").toAbsolutePath().normalize();
        placeholders = new TreeMap<>();
        for (String service : SERVICES) {
            for (Placeholder placeholder : placeholdersOf(service)) {
                placeholders
                        .computeIfAbsent(placeholder.variable(), variable -> new ArrayList<>())
                        .add(placeholder);
            }
        }
        documented = documentedVariables(root.resolve("docs/configuration.md"));
    }

    @Test
    void shouldDocumentEveryVariableTheServicesRead() {
        assertThat(placeholders).as("the application.yml placeholders").isNotEmpty();

        Set<String> missing = new TreeSet<>(placeholders.keySet());
        missing.removeAll(documented.keySet());

        assertThat(missing)
                .as("variables the services read but docs/configuration.md does not document")
                .isEmpty();
    }

    @Test
    void shouldDocumentOnlyVariablesTheServicesRead() {
        Set<String> unread = new TreeSet<>(documented.keySet());
        unread.removeAll(placeholders.keySet());

        assertThat(unread)
                .as("variables docs/configuration.md documents but no application.yml reads")
                .isEmpty();
    }

    @Test
    void shouldNameTheServicesKeysAndDefaultOfEachVariable() {
        List<String> differences = new ArrayList<>();
        placeholders.forEach((variable, reads) -> {
            Row row = documented.get(variable);
            if (row == null) {
                return; // reported by shouldDocumentEveryVariableTheServicesRead
            }
            Set<String> services =
                    reads.stream().map(Placeholder::service).collect(Collectors.toCollection(TreeSet::new));
            Set<String> documentedServices =
                    new TreeSet<>(List.of(row.services().split("\\s*,\\s*")));
            if (!services.equals(documentedServices)) {
                differences.add(variable + ": read by " + services + ", documented for " + documentedServices);
            }
            Set<String> keys = documentedKeys(row.keys());
            for (Placeholder read : reads) {
                if (!keys.contains(read.key())) {
                    differences.add(variable + ": sets " + read.key() + " in " + read.service() + ", documented as "
                            + row.keys());
                }
            }
            Set<String> defaults = reads.stream()
                    .map(read -> String.valueOf(read.defaultValue()))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (defaults.size() > 1) {
                differences.add(variable + ": a different default in different services " + defaults);
            } else if (!documentsDefault(row.defaultValue(), reads.get(0).defaultValue())) {
                differences.add(variable + ": default '" + reads.get(0).defaultValue() + "', documented as '"
                        + row.defaultValue() + "'");
            }
        });

        assertThat(differences)
                .as("docs/configuration.md rows that differ from the application.yml files")
                .isEmpty();
    }

    private static boolean documentsDefault(String cell, String defaultValue) {
        if (defaultValue == null) {
            return cell.startsWith("none");
        }
        if (defaultValue.isEmpty()) {
            return cell.startsWith("empty");
        }
        return cell.contains("`" + defaultValue + "`");
    }

    private static List<Placeholder> placeholdersOf(String service) throws IOException {
        Path file = root.resolve(service).resolve("src/main/resources/application.yml");
        assertThat(file).as("the application.yml of " + service).isRegularFile();
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml().load(reader);
            List<Placeholder> found = new ArrayList<>();
            collect(service, "", document, found);
            return found;
        }
    }

    private static void collect(String service, String key, Object node, List<Placeholder> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((name, value) -> collect(service, key.isEmpty() ? "" + name : key + "." + name, value, found));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(service, key + "[" + i + "]", list.get(i), found);
            }
        } else if (node instanceof String value) {
            found.addAll(placeholdersIn(service, key, value));
        }
    }

    /** {@code ${NAME:default}} with the braces of the default balanced, as Spring reads {@code http://{address}:8081}. */
    private static List<Placeholder> placeholdersIn(String service, String key, String value) {
        List<Placeholder> found = new ArrayList<>();
        int start = value.indexOf("${");
        while (start >= 0) {
            int depth = 1;
            int end = start + 2;
            while (end < value.length() && depth > 0) {
                char c = value.charAt(end);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                end++;
            }
            assertThat(depth)
                    .as("unbalanced placeholder in " + service + " " + key)
                    .isZero();
            String body = value.substring(start + 2, end - 1);
            int colon = body.indexOf(':');
            String name = colon < 0 ? body : body.substring(0, colon);
            // ${some.property} refers to another key, not to an environment variable.
            if (ENVIRONMENT_VARIABLE.matcher(name).matches()) {
                found.add(new Placeholder(service, key, name, colon < 0 ? null : body.substring(colon + 1)));
            }
            start = value.indexOf("${", end);
        }
        return found;
    }

    private static Map<String, Row> documentedVariables(Path reference) throws IOException {
        assertThat(reference).as("the configuration reference").isRegularFile();
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(reference);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.substring(1).split("\\|", -1);
            Matcher variable = DOCUMENTED_VARIABLE.matcher(cells[0].strip());
            if (!variable.matches()) {
                continue;
            }
            assertThat(cells.length)
                    .as("columns of docs/configuration.md line " + (i + 1))
                    .isGreaterThanOrEqualTo(5);
            Row row = new Row(variable.group(1), cells[1].strip(), cells[2].strip(), cells[3].strip(), i + 1);
            Row earlier = rows.put(row.variable(), row);
            assertThat(earlier)
                    .as(row.variable() + " is documented twice, on lines " + (earlier == null ? 0 : earlier.line())
                            + " and " + row.line())
                    .isNull();
        }
        return rows;
    }

    /** The keys of a cell: {@code `a.b`, `c.{d,e}.f`} is a.b, c.d.f and c.e.f. */
    private static Set<String> documentedKeys(String cell) {
        Set<String> keys = new TreeSet<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            keys.addAll(expandBraces(code.group(1)));
        }
        return keys;
    }

    private static List<String> expandBraces(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return List.of(key);
        }
        int close = key.indexOf('}', open);
        List<String> expanded = new ArrayList<>();
        for (String choice : key.substring(open + 1, close).split(",")) {
            expanded.addAll(expandBraces(key.substring(0, open) + choice.strip() + key.substring(close + 1)));
        }
        return expanded;
    }
}

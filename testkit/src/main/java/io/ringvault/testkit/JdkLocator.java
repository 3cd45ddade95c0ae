package io.ringvault.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds a JDK that can run a service with a narrower Java range than the build, such as Cassandra 5.0 (JDK 11 or 17).
 *
 * <p>Order: the {@code ringvault.cassandra.java-home} system property or {@code RINGVAULT_CASSANDRA_JAVA_HOME}
 * (an explicit choice: if it is unsuitable that is an error, with no fallback), then {@code JAVA_HOME}, then the
 * running JVM, then the usual install directories. Failing all of them, the error says what is needed and where it
 * looked.
 */
public final class JdkLocator {
    public static final String PROPERTY = "ringvault.cassandra.java-home";
    public static final String ENVIRONMENT_VARIABLE = "RINGVAULT_CASSANDRA_JAVA_HOME";
    private static final Set<Integer> CASSANDRA_JAVA_VERSIONS = Set.of(11, 17);

    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;
    private final List<Path> installRoots;

    JdkLocator(
            Function<String, String> systemProperties, Function<String, String> environment, List<Path> installRoots) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.installRoots = installRoots;
    }

    public static JdkLocator fromEnvironment() {
        Map<String, String> env = System.getenv();
        String home = System.getProperty("user.home", "/nonexistent");
        return new JdkLocator(
                System::getProperty,
                env::get,
                List.of(
                        Path.of("/usr/lib/jvm"),
                        Path.of("/usr/java"),
                        Path.of("/opt/java"),
                        Path.of(home, ".sdkman", "candidates", "java"),
                        Path.of("/Library/Java/JavaVirtualMachines")));
    }

    /** The {@code java} executable of a JDK that can run Cassandra 5.0. */
    public Path javaForCassandra() {
        return find("Cassandra 5.0", CASSANDRA_JAVA_VERSIONS);
    }

    Path find(String service, Set<Integer> acceptedMajorVersions) {
        List<String> looked = new ArrayList<>();
        String explicitProperty = systemProperties.apply(PROPERTY);
        String explicitEnv = environment.apply(ENVIRONMENT_VARIABLE);
        String explicit = explicitProperty != null ? explicitProperty : explicitEnv;
        if (explicit != null && !explicit.isBlank()) {
            String source = explicitProperty != null ? "-D" + PROPERTY : ENVIRONMENT_VARIABLE;
            Path home = Path.of(explicit);
            Optional<Integer> version = majorVersion(home);
            if (version.isPresent() && acceptedMajorVersions.contains(version.get())) {
                return javaExecutable(home);
            }
            throw new IllegalStateException(
                    service + " needs a JDK " + describe(acceptedMajorVersions) + ", but " + source + "=" + explicit
                            + " is " + version.map(v -> "Java " + v).orElse("not a JDK home"));
        }
        looked.add("-D" + PROPERTY + " and " + ENVIRONMENT_VARIABLE + " (not set)");

        String javaHome = environment.apply("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            Optional<Path> found = check(Path.of(javaHome), acceptedMajorVersions, "JAVA_HOME", looked);
            if (found.isPresent()) {
                return found.get();
            }
        } else {
            looked.add("JAVA_HOME (not set)");
        }

        Optional<Path> running =
                check(Path.of(systemProperties.apply("java.home")), acceptedMajorVersions, "running JVM", looked);
        if (running.isPresent()) {
            return running.get();
        }

        for (Path root : installRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> candidates = Files.list(root).sorted()) {
                for (Path candidate : candidates.toList()) {
                    Path home = Files.isDirectory(candidate.resolve("Contents/Home"))
                            ? candidate.resolve("Contents/Home")
                            : candidate;
                    Optional<Path> found = check(home, acceptedMajorVersions, "installed", looked);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            } catch (IOException e) {
                looked.add(root + " (unreadable: " + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException(service + " needs a JDK " + describe(acceptedMajorVersions)
                + " and none was found. Looked at:\n  " + String.join("\n  ", looked)
                + "\nInstall one, or point " + ENVIRONMENT_VARIABLE + " (or -D" + PROPERTY + ") at its home.");
    }

    private static Optional<Path> check(Path home, Set<Integer> accepted, String source, List<String> looked) {
        Optional<Integer> version = majorVersion(home);
        looked.add(source + " " + home + " (" + version.map(v -> "Java " + v).orElse("not a JDK") + ")");
        return version.filter(accepted::contains).map(v -> javaExecutable(home));
    }

    /** Reads JAVA_VERSION from the JDK's {@code release} file, which every JDK since 9 ships. */
    static Optional<Integer> majorVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isRegularFile(javaExecutable(home))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String major = version.startsWith("1.") ? version.split("\\.")[1] : version.split("[.+-]")[0];
        try {
            return Optional.of(Integer.parseInt(major));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path javaExecutable(Path home) {
        return home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().contains("win");
    }

    private static String describe(Set<Integer> versions) {
        return String.join(
                " or ", versions.stream().sorted().map(String::valueOf).toList());
    }

    /** The {@code java} executable of the running JVM, for services that run on any JDK 17+. */
    static Path runningJava() {
        return javaExecutable(Path.of(System.getProperty("java.home")));
    }
}

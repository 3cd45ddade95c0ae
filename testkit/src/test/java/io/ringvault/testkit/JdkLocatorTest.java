package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkLocatorTest {
    @TempDir
    Path root;

    private Path jdk(String name, String version) throws IOException {
        Path home = root.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Files.createFile(home.resolve("bin/java"));
        return home;
    }

    private static JdkLocator locator(Map<String, String> properties, Map<String, String> env, List<Path> roots) {
        return new JdkLocator(properties::get, env::get, roots);
    }

    @Test
    void shouldReadMajorVersionsFromTheReleaseFile() throws IOException {
        assertThat(JdkLocator.majorVersion(jdk("a", "17.0.15"))).contains(17);
        assertThat(JdkLocator.majorVersion(jdk("b", "11.0.2"))).contains(11);
        assertThat(JdkLocator.majorVersion(jdk("c", "1.8.0_392"))).contains(8);
        assertThat(JdkLocator.majorVersion(jdk("d", "25"))).contains(25);
        assertThat(JdkLocator.majorVersion(root.resolve("nothing"))).isEmpty();
    }

    @Test
    void shouldPreferTheExplicitSettingThenJavaHomeThenTheRunningJvm() throws IOException {
        Path explicit = jdk("explicit", "11.0.20");
        Path javaHome = jdk("javahome", "17.0.1");
        Path running = jdk("running", "17.0.2");
        Map<String, String> properties = new HashMap<>(Map.of("java.home", running.toString()));
        Map<String, String> env = new HashMap<>(Map.of("JAVA_HOME", javaHome.toString()));

        env.put(JdkLocator.ENVIRONMENT_VARIABLE, explicit.toString());
        assertThat(locator(properties, env, List.of()).javaForCassandra()).isEqualTo(explicit.resolve("bin/java"));

        env.remove(JdkLocator.ENVIRONMENT_VARIABLE);
        assertThat(locator(properties, env, List.of()).javaForCassandra()).isEqualTo(javaHome.resolve("bin/java"));

        env.put("JAVA_HOME", jdk("jdk25", "25.0.1").toString());
        assertThat(locator(properties, env, List.of()).javaForCassandra()).isEqualTo(running.resolve("bin/java"));
    }

    @Test
    void shouldFindAnInstalledJdkWhenNothingElseFits() throws IOException {
        Path jdk25 = jdk("jdk25", "25.0.1");
        Path installs = root.resolve("installs");
        Files.createDirectories(installs);
        Path installed17 = Files.move(jdk("tmp17", "17.0.9"), installs.resolve("temurin-17"));
        JdkLocator locator = locator(
                Map.of("java.home", jdk25.toString()), Map.of("JAVA_HOME", jdk25.toString()), List.of(installs));
        assertThat(locator.javaForCassandra()).isEqualTo(installed17.resolve("bin/java"));
    }

    @Test
    void shouldSayWhatItNeedsAndWhereItLookedWhenNoJdkFits() throws IOException {
        Path jdk25 = jdk("jdk25", "25.0.1");
        JdkLocator locator =
                locator(Map.of("java.home", jdk25.toString()), Map.of(), List.of(root.resolve("no-such-dir")));
        assertThatThrownBy(locator::javaForCassandra)
                .hasMessageContaining("Cassandra 5.0 needs a JDK 11 or 17 and none was found")
                .hasMessageContaining("JAVA_HOME (not set)")
                .hasMessageContaining("running JVM " + jdk25 + " (Java 25)")
                .hasMessageContaining(JdkLocator.ENVIRONMENT_VARIABLE);
    }

    @Test
    void shouldNotFallBackWhenTheExplicitSettingIsUnsuitable() throws IOException {
        Path jdk21 = jdk("jdk21", "21.0.3");
        Path good = jdk("good", "17.0.3");
        JdkLocator locator = locator(
                Map.of(JdkLocator.PROPERTY, jdk21.toString(), "java.home", good.toString()), Map.of(), List.of());
        assertThatThrownBy(locator::javaForCassandra)
                .hasMessageContaining("-D" + JdkLocator.PROPERTY + "=" + jdk21 + " is Java 21");
    }
}

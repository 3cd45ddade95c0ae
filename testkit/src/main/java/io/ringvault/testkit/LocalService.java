package io.ringvault.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * One ringvault service (a Spring Boot jar) as a child process on a free port: how system tests and the local demo run
 * the coordinator, node agents, uploaders and restorers, exactly as {@code java -jar} would in production. Ready once
 * {@code /actuator/health} answers 200.
 */
public final class LocalService implements AutoCloseable {
    private final ChildProcess process;
    private final int port;
    private final String scheme;

    private LocalService(ChildProcess process, int port, String scheme) {
        this.process = process;
        this.port = port;
        this.scheme = scheme;
    }

    /**
     * Starts {@code jar} with the given Spring properties (as command-line arguments, so they win over the jar's
     * application.yml); its log goes to {@code directory/<name>.log}.
     */
    /** Extra JVM options for the services, space-separated (see {@link #extraJavaOptions()}). */
    public static final String JAVA_OPTIONS_VARIABLE = "RINGVAULT_SERVICE_JAVA_OPTIONS";

    public static LocalService start(
            String name, Path jar, Map<String, String> properties, Path directory, Duration timeout) {
        return start(name, jar, properties, directory, timeout, FreePorts.free(InetAddress.getLoopbackAddress()));
    }

    /**
     * Starts {@code jar} on a given HTTP port: a service restarted where it ran before, as a real deployment restarts it
     * on its fixed address (clients that knew it reach it again).
     */
    public static LocalService start(
            String name, Path jar, Map<String, String> properties, Path directory, Duration timeout, int port) {
        return start(name, jar, properties, directory, timeout, port, null);
    }

    /**
     * Starts {@code jar} serving HTTPS (its properties set the certificate): ready once {@code /actuator/health} answers
     * 200 over TLS with {@code https}, which trusts the service's CA and presents a client certificate when the service
     * asks for one. {@code https} null: plain HTTP.
     */
    public static LocalService start(
            String name, Path jar, Map<String, String> properties, Path directory, Duration timeout, SSLContext https) {
        return start(
                name, jar, properties, directory, timeout, FreePorts.free(InetAddress.getLoopbackAddress()), https);
    }

    /** {@link #start(String, Path, Map, Path, Duration, SSLContext)} on a given port. */
    public static LocalService start(
            String name,
            Path jar,
            Map<String, String> properties,
            Path directory,
            Duration timeout,
            int port,
            SSLContext https) {
        if (!Files.isRegularFile(jar)) {
            throw new ServiceStartException(
                    name, "no jar at " + jar + ": build it first (./mvnw -B install -DskipTests)");
        }
        List<String> command =
                new ArrayList<>(List.of(JdkLocator.runningJava().toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(extraJavaOptions());
        command.addAll(List.of("-jar", jar.toString()));
        command.add("--server.port=" + port);
        new TreeMap<>(properties).forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ServiceStartException(name, "cannot create " + directory, e);
        }
        ChildProcess process = ChildProcess.start(
                name + " (127.0.0.1:" + port + ")", command, directory, directory.resolve(name + ".log"), Map.of());
        String scheme = https == null ? "http" : "https";
        URI health = URI.create(scheme + "://127.0.0.1:" + port + "/actuator/health");
        process.awaitReady(() -> isHealthy(health, https), timeout);
        return new LocalService(process, port, scheme);
    }

    /**
     * Options from {@value #JAVA_OPTIONS_VARIABLE}, for every service started here. The build sets
     * {@code -XX:TieredStopAtLevel=1}: a service in a test lives for seconds, and C1 alone starts Spring Boot with about
     * 40% less CPU. Benchmarks and the demo leave it unset, so the services run as in production.
     */
    static List<String> extraJavaOptions() {
        String options = System.getenv(JAVA_OPTIONS_VARIABLE);
        return options == null || options.isBlank()
                ? List.of()
                : List.of(options.trim().split("\\s+"));
    }

    /** Whether a service's {@code /actuator/health} answers 200 now. */
    public static boolean isHealthy(URI health) {
        return isHealthy(health, null);
    }

    /** Whether a service's {@code /actuator/health} answers 200 now, over TLS with {@code https} when not null. */
    public static boolean isHealthy(URI health, SSLContext https) {
        try {
            HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
            if (https != null && connection instanceof HttpsURLConnection secure) {
                secure.setSSLSocketFactory(https.getSocketFactory());
            }
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    public Path logFile() {
        return process.logFile();
    }

    public long pid() {
        return process.pid();
    }

    /** Peak resident memory in bytes (Linux), or -1. */
    public long peakResidentBytes() {
        return process.peakResidentBytes();
    }

    /** Kills the service at once, as a crash would (for restart tests). */
    public void kill() {
        process.stop(Duration.ZERO);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}

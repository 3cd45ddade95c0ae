package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Google Cloud Storage emulator: fake-gcs-server, the usual local target of GCS clients, speaking the JSON API over
 * plain HTTP with its filesystem backend under the given directory. It takes no credentials.
 *
 * <p>The binary is built from its Go module, {@value #MODULE}@{@value #VERSION}, through the Go module proxy the first
 * time it is needed, into a cache shared by every build of the machine ({@code ~/.cache/ringvault/tools/}, or the
 * directory of the {@code ringvault.tools-cache} system property); a lock file keeps two JVMs from building it at
 * once. That needs {@code go} on the {@code PATH} (or in {@code /usr/local/go/bin}).
 */
public final class FakeGcsServer implements AutoCloseable {
    static final String MODULE = "github.com/fsouza/fake-gcs-server";
    static final String VERSION = "v1.56.1";
    private static final String BINARY = "fake-gcs-server";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    /** One install at a time inside this JVM; the file lock is for other JVMs (a lock is held per JVM, not thread). */
    private static final Object INSTALL = new Object();

    private final ChildProcess process;
    private final URI endpoint;

    private FakeGcsServer(ChildProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the server with its data under {@code directory} and creates {@code buckets}.
     *
     * @throws ServiceStartException if it cannot be installed, does not answer within {@code timeout}, or a bucket
     *     cannot be created
     */
    public static FakeGcsServer start(Path directory, Duration timeout, String... buckets) {
        Path home = directory.toAbsolutePath();
        Path binary = installed();
        int port = FreePorts.free(InetAddress.getLoopbackAddress());
        URI uri = URI.create("http://127.0.0.1:" + port);
        try {
            Files.createDirectories(home.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }
        List<String> command = List.of(
                binary.toString(),
                "-scheme",
                "http",
                "-host",
                "127.0.0.1",
                "-port",
                Integer.toString(port),
                // The resumable-upload URLs it hands out must point back at this port.
                "-external-url",
                uri.toString(),
                "-public-host",
                "127.0.0.1:" + port,
                "-backend",
                "filesystem",
                "-filesystem-root",
                home.resolve("data").toString(),
                "-log-level",
                "warn");
        ChildProcess child = ChildProcess.start(
                "fake-gcs-server (127.0.0.1:" + port + ")", command, home, home.resolve("logs/stdout.log"), Map.of());
        FakeGcsServer server = new FakeGcsServer(child, uri);
        try {
            child.awaitReady(() -> answersAsGcs(uri), timeout);
            for (String bucket : buckets) {
                server.createBucket(bucket);
            }
        } catch (RuntimeException e) {
            child.stop(Duration.ofSeconds(5));
            throw e;
        }
        return server;
    }

    /** The JSON API's endpoint ({@code http://127.0.0.1:<port>}), for the SDK's host setting. */
    public URI endpoint() {
        return endpoint;
    }

    /** Creates a bucket; one that exists already is left as it is. */
    public void createBucket(String bucket) {
        URI uri = endpoint.resolve("/storage/v1/b?project=ringvault-local");
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(10_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream body = connection.getOutputStream()) {
                body.write(("{\"name\":\"" + bucket + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            if (status != 200 && status != 409) {
                throw process.failure("refused to create bucket " + bucket + " with HTTP " + status);
            }
            connection.disconnect();
        } catch (IOException e) {
            throw new ServiceStartException(process.service(), "cannot create bucket " + bucket, e);
        }
    }

    /** The bucket listing answers as the JSON API does: proof that fake-gcs-server itself holds the port. */
    private static boolean answersAsGcs(URI uri) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) uri.resolve("/storage/v1/b").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try (InputStream in = connection.getInputStream()) {
                return connection.getResponseCode() == 200
                        && new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("storage#buckets");
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The binary, built with {@code go install} into the cache first if it is not there. The build goes to a
     * directory of its own and is moved into place once complete, so a build that dies leaves nothing half-written.
     */
    static Path installed() {
        Path cache = toolsCache().resolve(BINARY + "-" + VERSION);
        Path binary = cache.resolve(BINARY);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        synchronized (INSTALL) {
            try {
                Files.createDirectories(cache);
                try (FileChannel lockFile = FileChannel.open(
                                cache.resolveSibling(cache.getFileName() + ".lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        FileLock lock = lockFile.lock()) {
                    if (Files.isExecutable(binary)) {
                        return binary; // another JVM built it while this one waited
                    }
                    Path build = Files.createTempDirectory(cache, "build-");
                    try {
                        ChildProcess.runToCompletion(
                                "go install " + MODULE + "@" + VERSION,
                                List.of(go(), "install", MODULE + "@" + VERSION),
                                build,
                                cache.resolve("install.log"),
                                Map.of("GOBIN", build.toString()),
                                INSTALL_TIMEOUT);
                        Files.move(build.resolve(BINARY), binary, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Directories.deleteRecursively(build);
                    }
                    return binary;
                }
            } catch (IOException e) {
                throw new ServiceStartException("fake-gcs-server", "cannot install it into " + cache, e);
            }
        }
    }

    static Path toolsCache() {
        String configured = System.getProperty("ringvault.tools-cache");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "ringvault", "tools");
    }

    private static String go() {
        Path standard = Path.of("/usr/local/go/bin/go");
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "go"))) {
                return Path.of(directory, "go").toString();
            }
        }
        return Files.isExecutable(standard) ? standard.toString() : "go";
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}

package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Azurite, Microsoft's Azure Storage emulator, blob service only, as a child process on a free loopback port with its
 * data under a directory of the caller's. It runs on Node.js (which must be on the {@code PATH}); the {@code azurite}
 * npm package is installed on first use into a cache directory shared by every build on the machine
 * ({@code ~/.cache/ringvault/tools/azurite-VERSION}, or under {@code -Dringvault.tools=DIR}), under a file lock so that
 * two JVMs do not install it at once.
 *
 * <p>Azurite knows one account, {@value #ACCOUNT}, with the key Microsoft publishes for it (a well-known test value,
 * not a secret). Tests make their containers with the SDK.
 */
public final class Azurite implements AutoCloseable {
    /** The azurite release installed from npm; pinned so that every build emulates the same service. */
    public static final String VERSION = "3.35.0";

    /** Azurite's development account. */
    public static final String ACCOUNT = "devstoreaccount1";

    /** The development account's key, published in Azurite's documentation. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final ChildProcess process;
    private final URI endpoint;

    private Azurite(ChildProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts Azurite's blob service with its data and log under {@code directory}, installing it first if needed.
     * Stopped by {@link #close} or, at the latest, with the JVM.
     */
    public static Azurite start(Path directory, Duration timeout) {
        Path home = directory.toAbsolutePath();
        Path main = install();
        int port = FreePorts.free(InetAddress.getLoopbackAddress());
        try {
            Files.createDirectories(home.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }
        List<String> command = List.of(
                "node",
                main.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                Integer.toString(port),
                "--location",
                home.resolve("data").toString(),
                // The SDK may speak a newer service version than this Azurite knows; the blob calls used are the same.
                "--skipApiVersionCheck",
                // Unknown headers and parameters are ignored rather than refused, as the real service does.
                "--loose",
                "--silent");
        ChildProcess process = ChildProcess.start(
                "azurite (127.0.0.1:" + port + ")", command, home, home.resolve("logs/stdout.log"), Map.of());
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
        process.awaitReady(() -> answersAsAzure(endpoint), timeout);
        return new Azurite(process, endpoint);
    }

    /** The blob endpoint of the development account: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public URI blobEndpoint() {
        return endpoint;
    }

    /** A connection string for the development account on this Azurite. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY + ";BlobEndpoint="
                + endpoint + ";";
    }

    /**
     * The directory of the npm installation, with Azurite's blob service inside, installing it first when it is not
     * there. A marker file, written last, says the installation finished.
     */
    static Path install() {
        Path tools = Path.of(System.getProperty(
                "ringvault.tools",
                Path.of(System.getProperty("user.home"), ".cache", "ringvault", "tools")
                        .toString()));
        Path prefix = tools.resolve("azurite-" + VERSION).toAbsolutePath();
        Path main = prefix.resolve("node_modules/azurite/dist/src/blob/main.js");
        Path installed = prefix.resolve(".installed");
        if (Files.exists(installed)) {
            return main;
        }
        try {
            Files.createDirectories(prefix);
            try (FileChannel lock = FileChannel.open(
                            prefix.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                if (!Files.exists(installed)) {
                    ChildProcess.runToCompletion(
                            "npm install azurite@" + VERSION,
                            List.of(
                                    "npm",
                                    "install",
                                    "--prefix",
                                    prefix.toString(),
                                    "--no-audit",
                                    "--no-fund",
                                    "--no-save",
                                    "azurite@" + VERSION),
                            prefix,
                            prefix.resolve("install.log"),
                            Map.of(),
                            INSTALL_TIMEOUT);
                    if (!Files.exists(main)) {
                        throw new ServiceStartException("azurite", "npm installed no " + main);
                    }
                    Files.writeString(installed, VERSION + "\n", StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install azurite under " + prefix, e);
        }
        return main;
    }

    /** An anonymous request gets Azure's error document: proof that Azurite itself holds the port. */
    private static boolean answersAsAzure(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create(endpoint + "?comp=list").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                int status = connection.getResponseCode();
                if (status < 400) {
                    return false;
                }
                String requestId = connection.getHeaderField("x-ms-request-id");
                try (InputStream error = connection.getErrorStream()) {
                    if (error != null) {
                        error.readAllBytes();
                    }
                }
                return requestId != null;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}

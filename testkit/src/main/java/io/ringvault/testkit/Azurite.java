package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Azurite, Microsoft's Azure Storage emulator, blob service only, as a child process on a free loopback port with its
 * data under a directory of the caller's. It runs on Node.js (which must be on the {@code PATH}); the {@code azurite}
 * npm package is installed on first use into a cache directory shared by every build on the machine
 * ({@code ~/.cache/ringvault/tools/azurite-VERSION}, or under {@code -Dringvault.tools-cache=DIR}, as for fake-gcs-server), under a file lock so that
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
    /** The date format of {@code x-ms-date}: RFC 1123 with a two-digit day. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

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
     * Creates a container of the development account (one that exists already is left as it is), with a request signed
     * by the account's shared key, so that callers need no Azure SDK.
     *
     * @throws ServiceStartException if Azurite refuses it
     */
    public void createContainer(String container) {
        String date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String version = "2021-12-02";
        // Blob service Shared Key: the verb, eleven empty standard headers, the x-ms- headers, the resource.
        String toSign = "PUT\n\n\n\n\n\n\n\n\n\n\n\n" + "x-ms-date:" + date + "\nx-ms-version:" + version + "\n/"
                + ACCOUNT + endpoint.getPath() + "/" + container + "\nrestype:container";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(ACCOUNT_KEY), "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            // java.net.http adds no Content-Type of its own, which would be part of what is signed.
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/" + container + "?restype=container"))
                    .timeout(Duration.ofSeconds(10))
                    .header("x-ms-date", date)
                    .header("x-ms-version", version)
                    .header("Authorization", "SharedKey " + ACCOUNT + ":" + signature)
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build();
            int status = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 201 && status != 409) {
                throw process.failure("refused to create container " + container + " with HTTP " + status);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with HmacSHA256", e);
        } catch (IOException e) {
            throw new ServiceStartException(process.service(), "cannot create container " + container, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException(process.service(), "interrupted creating container " + container, e);
        }
    }

    /**
     * The directory of the npm installation, with Azurite's blob service inside, installing it first when it is not
     * there. A marker file, written last, says the installation finished.
     */
    static Path install() {
        Path tools = Path.of(System.getProperty(
                "ringvault.tools-cache",
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

package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server: s3proxy on its filesystem backend, so objects are plain files under the stack's
 * directory. Path-style access, static credentials (a fresh secret per stack), one bucket created up front.
 */
public final class LocalObjectStore implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "ringvault";

    private final ChildProcess process;
    private final ObjectStoreEndpoint endpoint;
    private final Path bucketDirectory;

    private LocalObjectStore(ChildProcess process, ObjectStoreEndpoint endpoint, Path bucketDirectory) {
        this.process = process;
        this.endpoint = endpoint;
        this.bucketDirectory = bucketDirectory;
    }

    public static LocalObjectStore start(Path directory, String bucket, Duration timeout) {
        return start(directory, directory.resolve("objects"), bucket, timeout);
    }

    /**
     * @param directory s3proxy's configuration and logs
     * @param objects where the buckets' objects live, one directory per bucket; kept if it exists, so a store can
     *     outlive the stack
     */
    public static LocalObjectStore start(Path directory, Path objects, String bucket, Duration timeout) {
        Path home = directory.toAbsolutePath();
        objects = objects.toAbsolutePath();
        int port = FreePorts.free(InetAddress.getLoopbackAddress());
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        String secretKey = HexFormat.of().formatHex(secret);
        Path properties = home.resolve("s3proxy.conf");
        try {
            // On the filesystem backend a bucket is a top-level directory.
            Files.createDirectories(objects.resolve(bucket));
            Files.createDirectories(home.resolve("logs"));
            Files.writeString(properties, """
                    s3proxy.endpoint=http://127.0.0.1:%d
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    s3proxy.ignore-unknown-headers=true
                    jclouds.provider=filesystem
                    jclouds.filesystem.basedir=%s
                    """.formatted(port, ACCESS_KEY, secretKey, objects));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }
        List<String> command = List.of(
                JdkLocator.runningJava().toString(),
                "-Xmx256m",
                "-cp",
                RuntimeClasspath.of("s3proxy"),
                "org.gaul.s3proxy.Main",
                "--properties",
                properties.toString());
        ChildProcess process = ChildProcess.start(
                "s3proxy (127.0.0.1:" + port + ")", command, home, home.resolve("logs/stdout.log"), Map.of());
        URI uri = URI.create("http://127.0.0.1:" + port);
        process.awaitReady(() -> answersAsS3(uri), timeout);
        return new LocalObjectStore(
                process, new ObjectStoreEndpoint(uri, REGION, bucket, ACCESS_KEY, secretKey), objects.resolve(bucket));
    }

    /** An anonymous request gets S3's error document: proof that s3proxy itself holds the port. */
    private static boolean answersAsS3(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                int status = connection.getResponseCode();
                if (status < 400) {
                    return status == 200;
                }
                try (InputStream error = connection.getErrorStream()) {
                    return error != null
                            && new String(error.readAllBytes(), StandardCharsets.UTF_8).contains("<Error>");
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    public ObjectStoreEndpoint endpoint() {
        return endpoint;
    }

    /** Where the filesystem backend keeps the objects of {@code bucket}: useful to corrupt one on purpose in a test. */
    public Path bucketDirectory() {
        return bucketDirectory;
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}

package io.ringvault.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} made with the JDK's {@code keytool}, for tests
 * of TLS connections: the server presents {@code keystore}, the client trusts {@code truststore}. Both are PKCS12
 * files with {@code password}, a throwaway test password.
 */
public record SelfSignedTls(Path keystore, Path truststore, String password) {
    private static final String ALIAS = "ringvault-test";

    /** Writes {@code keystore.p12}, {@code certificate.pem} and {@code truststore.p12} into {@code directory}. */
    public static SelfSignedTls generate(Path directory) {
        Path keystore = directory.resolve("keystore.p12");
        Path certificate = directory.resolve("certificate.pem");
        Path truststore = directory.resolve("truststore.p12");
        String password = "ringvault-test-password";
        try {
            Files.createDirectories(directory);
            keytool(
                    "-genkeypair",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    ALIAS,
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    password,
                    "-file",
                    certificate.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    ALIAS,
                    "-file",
                    certificate.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    truststore.toString(),
                    "-storepass",
                    password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS test material into " + directory, e);
        }
        return new SelfSignedTls(keystore, truststore, password);
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}

package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and the certificates it signs, made with the JDK's {@code keytool} and written as
 * PEM files (as cert-manager writes them): for HTTPS with mutual TLS in tests and the local stack. Keys are EC P-256;
 * certificates are valid for 30 days. Never for production: the keys are written unencrypted.
 *
 * @param caCertificate the CA's certificate ({@code ca.pem}), what clients and servers trust
 * @param serverCertificate the server's chain ({@code server.pem}, leaf then CA), for {@code localhost} and
 *     {@code 127.0.0.1}
 * @param serverKey the server's private key ({@code server-key.pem}, PKCS#8)
 * @param clientCertificate a client's chain ({@code client.pem}), for mutual TLS
 * @param clientKey the client's private key ({@code client-key.pem})
 */
public record LocalCertificateAuthority(
        Path caCertificate, Path serverCertificate, Path serverKey, Path clientCertificate, Path clientKey) {
    private static final String STORE_PASSWORD = "ringvault-local-ca";

    /** Writes a new CA, a server and a client certificate into {@code directory}, named after {@code name}. */
    public static LocalCertificateAuthority generate(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path store = directory.resolve("keys.p12");
            Files.deleteIfExists(store);
            Path ca = directory.resolve("ca.pem");
            keytool(
                    directory,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "30",
                    "-dname",
                    "CN=" + name + " CA",
                    "-ext",
                    "bc:c",
                    "-keystore",
                    store.toString());
            keytool(
                    directory,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    store.toString(),
                    "-file",
                    ca.toString());
            Path server = directory.resolve("server.pem");
            Path serverKey = directory.resolve("server-key.pem");
            sign(
                    directory,
                    store,
                    "server",
                    "CN=localhost",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "serverAuth",
                    server,
                    serverKey,
                    ca);
            Path client = directory.resolve("client.pem");
            Path clientKey = directory.resolve("client-key.pem");
            sign(directory, store, "client", "CN=" + name + " client", null, "clientAuth", client, clientKey, ca);
            Files.delete(store);
            return new LocalCertificateAuthority(ca, server, serverKey, client, clientKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificates into " + directory, e);
        }
    }

    /** TLS that trusts this CA and presents the client certificate: an uploader's or restorer's, for mutual TLS. */
    public SSLContext clientContext() {
        return context(true);
    }

    /** TLS that trusts this CA and presents no certificate: a caller without a client certificate. */
    public SSLContext trustingContext() {
        return context(false);
    }

    private SSLContext context(boolean withClientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificates(caCertificate).get(0));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManager[] keyManagers = null;
            if (withClientCertificate) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                String pem = Files.readString(clientKey)
                        .replaceAll("-----[A-Z ]+-----", "")
                        .replaceAll("\\s", "");
                PrivateKey key = KeyFactory.getInstance("EC")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
                keys.setKeyEntry(
                        "client",
                        key,
                        STORE_PASSWORD.toCharArray(),
                        certificates(clientCertificate).toArray(Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(keys, STORE_PASSWORD.toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the certificates of " + caCertificate.getParent(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the certificates of " + caCertificate.getParent(), e);
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    /** A key pair under {@code alias}, its certificate signed by the CA, written as a PEM chain and a PEM key. */
    private static void sign(
            Path directory,
            Path store,
            String alias,
            String subject,
            String subjectAlternativeNames,
            String extendedKeyUsage,
            Path chain,
            Path key,
            Path ca)
            throws IOException {
        keytool(
                directory,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                subject,
                "-keystore",
                store.toString());
        Path request = directory.resolve(alias + ".csr");
        Path signed = directory.resolve(alias + ".crt");
        keytool(directory, "-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-validity",
                "30",
                "-keystore",
                store.toString(),
                "-infile",
                request.toString(),
                "-outfile",
                signed.toString(),
                "-ext",
                "EKU=" + extendedKeyUsage,
                "-ext",
                "KU=digitalSignature"));
        if (subjectAlternativeNames != null) {
            gencert.addAll(List.of("-ext", subjectAlternativeNames));
        }
        keytool(directory, gencert.toArray(String[]::new));
        Files.writeString(chain, Files.readString(signed) + Files.readString(ca));
        Files.writeString(key, pem("PRIVATE KEY", privateKey(store, alias).getEncoded()));
        Files.delete(request);
        Files.delete(signed);
    }

    private static PrivateKey privateKey(Path store, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, STORE_PASSWORD.toCharArray());
            return (PrivateKey) keys.getKey(alias, STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key " + alias + " from " + store, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path directory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
        if (!arguments[0].equals("-exportcert")) {
            command.addAll(List.of("-keypass", STORE_PASSWORD));
        }
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
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

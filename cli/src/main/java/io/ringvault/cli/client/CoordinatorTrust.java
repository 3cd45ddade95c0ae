package io.ringvault.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates the CLI accepts from an {@code https://} coordinator: the JVM's trusted CAs (its {@code cacerts},
 * or {@code -Djavax.net.ssl.trustStore}) plus those of a CA file (PEM or DER, one or more certificates), for a
 * coordinator whose certificate a private CA signed. Host names are verified as always: the coordinator's certificate
 * must name the host of its URL.
 */
public final class CoordinatorTrust {
    private CoordinatorTrust() {}

    /**
     * @param caFile the CA certificates to trust besides the JVM's
     * @throws IllegalArgumentException naming the file when it is missing or holds no certificate
     */
    public static SSLSocketFactory withCaFile(Path caFile) {
        if (!Files.isRegularFile(caFile)) {
            throw new IllegalArgumentException("no such file " + caFile.toAbsolutePath());
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int entry = 0;
            for (X509Certificate jvm : jvmTrust().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jvm-" + entry++, jvm);
            }
            Collection<? extends Certificate> given;
            try (InputStream in = Files.newInputStream(caFile)) {
                given = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (given.isEmpty()) {
                throw new IllegalArgumentException(caFile + " holds no certificate");
            }
            for (Certificate certificate : given) {
                anchors.setCertificateEntry("ca-" + entry++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificates in " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager jvmTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM has no X.509 trust manager");
    }
}

package io.ringvault.connections.tls;

import io.ringvault.connections.Secret;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * TLS of a service's HTTPS client (the uploaders' and restorers' calls to the node agents), from PEM files. Empty
 * values mean "not set": with nothing set the JVM's default TLS applies (its trust store), which is also what an
 * {@code http://} URL ignores. Host names are always verified: a server's certificate must name the host of the URL
 * (as a DNS or IP subject alternative name). Every file named is checked when the settings are bound.
 *
 * @param caCertificate the certificates (PEM) that sign the servers'; empty: the JVM's default trust
 *     ({@code -Djavax.net.ssl.trustStore}, else the JDK's {@code cacerts})
 * @param certificate this client's certificate chain (PEM), presented to servers that ask for one (mutual TLS); empty:
 *     none
 * @param privateKey the client certificate's private key (PEM), required with {@code certificate}
 * @param privateKeyPassword the private key's password, for an encrypted PKCS#8 key; prints {@code (redacted)}
 */
public record ClientTls(String caCertificate, String certificate, String privateKey, Secret privateKeyPassword) {

    public ClientTls {
        caCertificate = PemFile.checked(caCertificate, "ca-certificate");
        certificate = PemFile.checked(certificate, "certificate");
        privateKey = PemFile.checked(privateKey, "private-key");
        if (certificate != null && privateKey == null) {
            throw new IllegalArgumentException("private-key is required with certificate (" + certificate + ")");
        }
        if (certificate == null && privateKey != null) {
            throw new IllegalArgumentException("certificate is required with private-key (" + privateKey + ")");
        }
    }

    /** The JVM's default TLS, no client certificate. */
    public static ClientTls defaults() {
        return new ClientTls(null, null, null, null);
    }

    /** Whether this client presents a certificate. */
    public boolean clientCertificate() {
        return certificate != null;
    }

    /**
     * The TLS context: the CA's certificates (or the JVM's default trust) and the client certificate, read from their
     * files now.
     *
     * @throws IllegalArgumentException naming the setting and file when one cannot be read or parsed
     */
    public SSLContext sslContext() {
        if (caCertificate == null && certificate == null) {
            try {
                return SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no default TLS context", e);
            }
        }
        PemSslStoreDetails key = certificate == null
                ? null
                : PemSslStoreDetails.forCertificates(PemFile.read(certificate, "certificate"))
                        .withPrivateKey(PemFile.read(privateKey, "private-key"))
                        .withPrivateKeyPassword(Secret.valueOf(privateKeyPassword));
        PemSslStoreDetails trust = caCertificate == null
                ? null
                : PemSslStoreDetails.forCertificates(PemFile.read(caCertificate, "ca-certificate"));
        String files = (caCertificate == null ? "" : "ca-certificate " + caCertificate)
                + (certificate == null ? "" : (caCertificate == null ? "" : ", ") + "certificate " + certificate);
        return TlsMaterial.bundle(() -> new PemSslStoreBundle(key, trust), files)
                .createSslContext();
    }
}

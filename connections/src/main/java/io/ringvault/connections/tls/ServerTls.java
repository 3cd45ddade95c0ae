package io.ringvault.connections.tls;

import io.ringvault.connections.Secret;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * HTTPS for a service's own HTTP server (the coordinator's API, a node agent's), from PEM files as cert-manager, Vault
 * or {@code openssl} write them. Empty values mean "not set"; with no certificate the server speaks plain HTTP. Every
 * file named is checked when the settings are bound: a missing one fails the start with its setting and path.
 *
 * @param certificate the server's certificate chain (PEM, leaf first); empty: plain HTTP
 * @param privateKey the certificate's private key (PEM: PKCS#8, PKCS#1 or SEC 1), required with {@code certificate}
 * @param privateKeyPassword the private key's password, for an encrypted PKCS#8 key; prints {@code (redacted)}
 * @param clientCa the certificates (PEM) that sign the clients' certificates; set: every client must present a
 *     certificate signed by one of them (mutual TLS), checked during the TLS handshake
 */
public record ServerTls(String certificate, String privateKey, Secret privateKeyPassword, String clientCa) {

    public ServerTls {
        certificate = PemFile.checked(certificate, "tls.certificate");
        privateKey = PemFile.checked(privateKey, "tls.private-key");
        clientCa = PemFile.checked(clientCa, "tls.client-ca");
        if (certificate != null && privateKey == null) {
            throw new IllegalArgumentException(
                    "tls.private-key is required with tls.certificate (" + certificate + ")");
        }
        if (certificate == null && privateKey != null) {
            throw new IllegalArgumentException("tls.certificate is required with tls.private-key (" + privateKey + ")");
        }
        if (certificate == null && clientCa != null) {
            throw new IllegalArgumentException(
                    "tls.client-ca needs tls.certificate and tls.private-key: client certificates are asked for only"
                            + " over HTTPS");
        }
    }

    /** Plain HTTP. */
    public static ServerTls none() {
        return new ServerTls(null, null, null, null);
    }

    /** Whether the server speaks HTTPS. */
    public boolean enabled() {
        return certificate != null;
    }

    /** Whether clients must present a certificate signed by {@link #clientCa()}. */
    public boolean clientCertificates() {
        return clientCa != null;
    }

    /**
     * The server's key and certificate and, with {@link #clientCa()}, the clients' CA, read from their files now.
     *
     * @throws IllegalArgumentException naming the setting and file when one cannot be read or parsed
     */
    public SslBundle sslBundle() {
        if (!enabled()) {
            throw new IllegalStateException("no tls.certificate: the server speaks plain HTTP");
        }
        PemSslStoreDetails key = PemSslStoreDetails.forCertificates(PemFile.read(certificate, "tls.certificate"))
                .withPrivateKey(PemFile.read(privateKey, "tls.private-key"))
                .withPrivateKeyPassword(Secret.valueOf(privateKeyPassword));
        PemSslStoreDetails trust =
                clientCa == null ? null : PemSslStoreDetails.forCertificates(PemFile.read(clientCa, "tls.client-ca"));
        return TlsMaterial.bundle(
                () -> new PemSslStoreBundle(key, trust),
                "tls.certificate " + certificate + ", tls.private-key " + privateKey
                        + (clientCa == null ? "" : ", tls.client-ca " + clientCa));
    }
}

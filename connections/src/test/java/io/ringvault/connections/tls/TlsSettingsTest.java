package io.ringvault.connections.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.connections.Secret;
import io.ringvault.testkit.LocalCertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;

/** The checks of {@link ServerTls} and {@link ClientTls}: each bad setting fails with its name and its file. */
class TlsSettingsTest {
    @TempDir
    static Path directory;

    static LocalCertificateAuthority ca;

    @BeforeAll
    static void certificates() {
        ca = LocalCertificateAuthority.generate(directory.resolve("ca"), "tls-settings-test");
    }

    @Test
    void shouldBePlainHttpWithNothingSet() {
        ServerTls tls = new ServerTls("", " ", null, "");
        assertThat(tls.enabled()).isFalse();
        assertThat(tls.clientCertificates()).isFalse();
        assertThat(ClientTls.defaults().clientCertificate()).isFalse();
    }

    @Test
    void shouldNameAMissingCertificateFileAndItsSetting() {
        String missing = directory.resolve("nowhere/server.pem").toString();
        assertThatThrownBy(() -> new ServerTls(missing, ca.serverKey().toString(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.certificate: no such file " + missing);
        assertThatThrownBy(() -> new ServerTls(
                        ca.serverCertificate().toString(), ca.serverKey().toString(), null, missing))
                .hasMessage("tls.client-ca: no such file " + missing);
        assertThatThrownBy(() -> new ClientTls(missing, null, null, null))
                .hasMessage("ca-certificate: no such file " + missing);
    }

    @Test
    void shouldRefuseADirectoryForAFile() {
        assertThatThrownBy(() -> new ClientTls(directory.toString(), null, null, null))
                .hasMessage("ca-certificate: not a file " + directory);
    }

    @Test
    void shouldRequireTheKeyWithTheCertificateAndTheOtherWayRound() {
        assertThatThrownBy(() -> new ServerTls(ca.serverCertificate().toString(), null, null, null))
                .hasMessageStartingWith("tls.private-key is required with tls.certificate");
        assertThatThrownBy(() -> new ServerTls(null, ca.serverKey().toString(), null, null))
                .hasMessageStartingWith("tls.certificate is required with tls.private-key");
        assertThatThrownBy(() -> new ClientTls(null, ca.clientCertificate().toString(), null, null))
                .hasMessageStartingWith("private-key is required with certificate");
    }

    @Test
    void shouldRefuseAClientCaWithoutHttps() {
        assertThatThrownBy(
                        () -> new ServerTls(null, null, null, ca.caCertificate().toString()))
                .hasMessageStartingWith("tls.client-ca needs tls.certificate");
    }

    @Test
    void shouldLoadTheServersKeyAndTheClientsCa() throws Exception {
        ServerTls tls = new ServerTls(
                ca.serverCertificate().toString(),
                ca.serverKey().toString(),
                null,
                ca.caCertificate().toString());
        SslBundle bundle = tls.sslBundle();
        KeyStore keys = bundle.getStores().getKeyStore();
        assertThat(Collections.list(keys.aliases())).hasSize(1);
        assertThat(keys.getCertificateChain(keys.aliases().nextElement())).hasSize(2);
        assertThat(bundle.getStores().getTrustStore().size()).isEqualTo(1);
        assertThat(new HttpsServer(tls)).isNotNull();
    }

    @Test
    void shouldNameAFileThatIsNotPem() throws Exception {
        Path notPem = Files.writeString(directory.resolve("not.pem"), "just text");
        ServerTls tls = new ServerTls(ca.serverCertificate().toString(), notPem.toString(), null, null);
        assertThatThrownBy(tls::sslBundle)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.private-key: " + notPem + " holds no PEM block (-----BEGIN ...)");
    }

    @Test
    void shouldNameTheFilesWhenTheKeyDoesNotParse() throws Exception {
        Path garbled = Files.writeString(
                directory.resolve("garbled-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        ServerTls tls = new ServerTls(ca.serverCertificate().toString(), garbled.toString(), null, null);
        assertThatThrownBy(tls::sslBundle)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.private-key " + garbled);
    }

    @Test
    void shouldBuildAClientContextWithTheCaAndTheClientCertificate() {
        ClientTls tls = new ClientTls(
                ca.caCertificate().toString(),
                ca.clientCertificate().toString(),
                ca.clientKey().toString(),
                Secret.ofNullable(""));
        assertThat(tls.clientCertificate()).isTrue();
        assertThat(tls.sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void shouldNeverPrintTheKeyPassword() {
        ClientTls tls = new ClientTls(
                null, ca.clientCertificate().toString(), ca.clientKey().toString(), Secret.of("a-key-password"));
        assertThat(tls.toString()).doesNotContain("a-key-password").contains(Secret.MASK);
    }
}

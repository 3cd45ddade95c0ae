package io.ringvault.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CassandraSslTest {

    @Test
    void shouldNeverPrintPasswords() {
        CassandraSsl ssl = new CassandraSsl(
                true, "/tls/trust.p12", Secret.of("trust-secret"), "/tls/key.p12", Secret.of("key-secret"), true);

        assertThat(ssl.toString())
                .contains("/tls/trust.p12", "/tls/key.p12", "truststorePassword=(redacted)")
                .doesNotContain("trust-secret", "key-secret");
    }

    @Test
    void shouldTreatEmptyValuesFromUnsetVariablesAsAbsent() {
        CassandraSsl ssl = new CassandraSsl(true, "", Secret.ofNullable(" "), "", null, null);

        assertThat(ssl.truststorePath()).isNull();
        assertThat(ssl.truststorePassword()).isNull();
        assertThat(ssl.keystorePath()).isNull();
        assertThat(ssl.hostnameValidation()).isTrue();
        assertThat(ssl.toString()).contains("truststorePassword=null");
    }

    @Test
    void shouldRequireTheKeystorePasswordWithAKeystore() {
        assertThatThrownBy(() -> new CassandraSsl(true, null, null, "/tls/key.p12", null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cassandra.ssl.keystore-password");
    }
}

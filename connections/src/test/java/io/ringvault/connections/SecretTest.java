package io.ringvault.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SecretTest {

    @Test
    void shouldPrintOnlyTheMaskWhateverTheValue() {
        Secret secret = Secret.of("hunter2-is-not-a-password");

        assertThat(secret).hasToString("(redacted)");
        assertThat(secret.value()).isEqualTo("hunter2-is-not-a-password");
        assertThat(secret.length()).isEqualTo(25);
    }

    /** A record's generated toString prints its fields: a Secret field keeps the settings printable. */
    @Test
    void shouldKeepTheSecretOutOfARecordsToString() {
        record Login(String user, Secret password) {}

        assertThat(new Login("cassandra", Secret.of("s3cr3t")).toString())
                .isEqualTo("Login[user=cassandra, password=(redacted)]");
    }

    @Test
    void shouldWriteTheMaskToJson() {
        record Login(String user, Secret password) {}

        String json = JsonMapper.builder().build().writeValueAsString(new Login("u", Secret.of("s3cr3t")));

        assertThat(json).isEqualTo("{\"user\":\"u\",\"password\":\"(redacted)\"}");
    }

    @Test
    void shouldCompareByValue() {
        assertThat(Secret.of("same")).isEqualTo(Secret.of("same")).hasSameHashCodeAs(Secret.of("same"));
        assertThat(Secret.of("same")).isNotEqualTo(Secret.of("other"));
        assertThat(List.of(Secret.of("same"))).containsExactly(Secret.of("same"));
    }

    @Test
    void shouldTreatAnEmptyValueAsNoSecret() {
        assertThat(Secret.ofNullable(null)).isNull();
        assertThat(Secret.ofNullable("  ")).isNull();
        assertThat(Secret.valueOf(null)).isNull();
        assertThat(Secret.valueOf(Secret.of("x"))).isEqualTo("x");
        assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

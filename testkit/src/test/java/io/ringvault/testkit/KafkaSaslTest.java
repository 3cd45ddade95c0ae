package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSaslTest {
    private final KafkaSasl sasl = KafkaSasl.withAdmin("admin", "admin-secret").user("requester", "requester-secret");

    @Test
    void shouldGiveEachUserItsOwnLogin() {
        Map<String, String> client = sasl.clientProperties("requester");

        assertThat(client)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(client.get("sasl.jaas.config"))
                .contains("username=\"requester\"", "password=\"requester-secret\"")
                .doesNotContain("admin");
    }

    @Test
    void shouldLetTheBrokerLogInAsTheAdminAndAcceptEveryUser() {
        assertThat(sasl.brokerJaas())
                .contains("username=\"admin\" password=\"admin-secret\"")
                .contains("user_admin=\"admin-secret\"", "user_requester=\"requester-secret\"");
    }

    @Test
    void shouldNeverPrintAPassword() {
        assertThat(sasl.toString()).contains("admin", "requester").doesNotContain("secret");
    }

    @Test
    void shouldRefuseNamesThatWouldBreakTheJaasLineAndUnknownUsers() {
        assertThatThrownBy(() -> sasl.user("evil\" user_x=\"y", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> sasl.user("requester", "other")).hasMessageContaining("already defined");
        assertThatThrownBy(() -> sasl.clientProperties("nobody")).hasMessageContaining("no Kafka user 'nobody'");
    }
}

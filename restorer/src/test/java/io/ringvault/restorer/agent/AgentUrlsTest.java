package io.ringvault.restorer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.agentapi.AgentPaths;
import io.ringvault.common.message.NodeRef;
import io.ringvault.restorer.restore.RestoreFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentUrlsTest {
    final AgentUrls urls = new AgentUrls(Map.of("h1", "http://agent-1:9000/"), "http://{address}:8081");

    @Test
    void shouldPreferTheConfiguredUrlOfAHostId() {
        assertThat(urls.urlOf(new NodeRef("h1", "10.0.0.1", "dc1", "r1"))).isEqualTo("http://agent-1:9000");
    }

    @Test
    void shouldFillTheTemplateWithTheNodeAddress() {
        assertThat(urls.urlOf(new NodeRef("h2", "10.0.0.2", "dc1", "r1"))).isEqualTo("http://10.0.0.2:8081");
        assertThat(urls.urlOf(new NodeRef("h3", "fd00::3", "dc1", "r1"))).isEqualTo("http://[fd00::3]:8081");
    }

    @Test
    void shouldNameTheNodeWhoseAgentCannotBeFound() {
        assertThatThrownBy(() -> urls.urlOf(new NodeRef("h4", null, "dc1", "r1")))
                .isInstanceOf(RestoreFailure.class)
                .hasMessageContaining("ringvault.restorer.agent-urls.h4");
    }

    @Test
    void shouldBuildEncodedAgentPaths() {
        assertThat(AgentPaths.uri("http://a:1/", AgentPaths.STAGED_FILE, "op:1", "ks", "t", "nb-1-big-Data.db")
                        .toString())
                .isEqualTo("http://a:1/api/v1/restores/op%3A1/staging/ks/t/nb-1-big-Data.db");
    }
}

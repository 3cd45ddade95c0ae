package io.ringvault.restorer.agent;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.restorer.restore.RestoreFailure;
import io.ringvault.restorer.restore.RestorePlanner;
import java.util.Map;

/**
 * Where each target node's agent answers: the configured URL of its host id, else the template with the node's
 * broadcast rpc address in place of {@code {address}}.
 */
public class AgentUrls implements RestorePlanner.AgentDirectory {
    private final Map<String, String> byHostId;
    private final String template;

    public AgentUrls(Map<String, String> byHostId, String template) {
        this.byHostId = Map.copyOf(byHostId);
        this.template = template;
    }

    @Override
    public String urlOf(NodeRef node) {
        String explicit = byHostId.get(node.hostId());
        if (explicit != null && !explicit.isBlank()) {
            return trim(explicit);
        }
        if (!template.contains("{address}")) {
            return trim(template);
        }
        if (node.address() == null || node.address().isBlank()) {
            throw new RestoreFailure(
                    FailureReason.AGENT_UNKNOWN,
                    "no agent URL for node " + node.hostId() + ": it has no known address; set "
                            + "ringvault.restorer.agent-urls." + node.hostId());
        }
        String address = node.address().contains(":") ? "[" + node.address() + "]" : node.address();
        return trim(template.replace("{address}", address));
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

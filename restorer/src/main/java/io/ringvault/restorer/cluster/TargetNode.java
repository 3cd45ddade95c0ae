package io.ringvault.restorer.cluster;

import io.ringvault.common.message.NodeRef;
import java.util.List;

/**
 * A node of the cluster being restored into.
 *
 * @param ref host id, broadcast rpc address, datacenter and rack
 * @param tokens the tokens the node owns, in ring order
 */
public record TargetNode(NodeRef ref, List<String> tokens) {
    public TargetNode {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    public String hostId() {
        return ref.hostId();
    }
}

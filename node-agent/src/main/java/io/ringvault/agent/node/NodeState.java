package io.ringvault.agent.node;

import io.ringvault.common.message.NodeRef;
import java.util.List;

/**
 * What the local node says about itself in {@code system.local} at one moment.
 *
 * @param node the node, identified by its host id
 * @param cassandraVersion {@code release_version}
 * @param tokens the tokens the node owns, in ring order
 */
public record NodeState(NodeRef node, String cassandraVersion, List<String> tokens) {
    public NodeState {
        tokens = List.copyOf(tokens);
    }
}

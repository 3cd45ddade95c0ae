package io.ringvault.coordinator.catalog;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import java.util.List;

/**
 * The tokens one backed-up node owned, and the {@code cassandra.yaml} lines that give a new node the same ones. A new
 * cluster whose nodes start with these settings (one per backed-up node, in the same datacenter and rack) owns the
 * same token ranges as the backed-up one, so a restore can import every node's SSTables without streaming them.
 *
 * @param hostId the backed-up node
 * @param cassandraYaml {@code num_tokens} and {@code initial_token}, to set before the new node first starts (a node
 *     that has started once keeps the tokens it chose)
 */
public record NodeTokens(
        String hostId, String address, String datacenter, String rack, List<String> tokens, String cassandraYaml) {

    public NodeTokens {
        tokens = List.copyOf(tokens);
    }

    static NodeTokens of(BackupManifest.NodeEntry entry, NodeManifest manifest) {
        List<String> tokens = manifest.tokens();
        return new NodeTokens(
                entry.hostId(),
                entry.address(),
                entry.datacenter(),
                entry.rack(),
                tokens,
                "num_tokens: " + tokens.size() + "\ninitial_token: " + String.join(",", tokens) + "\n");
    }
}

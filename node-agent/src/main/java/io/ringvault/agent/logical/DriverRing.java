package io.ringvault.agent.logical;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.ringvault.agent.snapshot.SnapshotFailedException;
import io.ringvault.common.failure.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** The driver's view of the ring, turned into {@link PrimaryRanges}' terms: the ranges this node exports. */
final class DriverRing {
    private DriverRing() {}

    /**
     * The token ranges of {@code keyspace} that {@code self} exports among the nodes {@code inScope} (host ids), with
     * vnodes too: each of the ring's ranges whose first replica in scope is {@code self}.
     */
    static List<TokenRange> rangesExportedBy(Metadata metadata, String keyspace, String self, Set<String> inScope) {
        TokenMap tokens = metadata.getTokenMap()
                .orElseThrow(() -> new SnapshotFailedException(
                        FailureReason.CLUSTER_UNAVAILABLE,
                        "the driver has no token map of the cluster: token metadata is disabled"));
        TreeMap<Token, String> ring = new TreeMap<>();
        for (Node node : metadata.getNodes().values()) {
            UUID hostId = node.getHostId();
            if (hostId != null) {
                tokens.getTokens(node).forEach(token -> ring.put(token, hostId.toString()));
            }
        }
        CqlIdentifier id = CqlIdentifier.fromInternal(keyspace);
        List<TokenRange> mine = new ArrayList<>();
        for (TokenRange range : tokens.getTokenRanges()) {
            Set<String> replicas = tokens.getReplicas(id, range).stream()
                    .map(Node::getHostId)
                    .filter(java.util.Objects::nonNull)
                    .map(UUID::toString)
                    .collect(Collectors.toSet());
            PrimaryRanges.Range<Token> candidate =
                    new PrimaryRanges.Range<>(range.getStart(), range.getEnd(), replicas);
            if (PrimaryRanges.exporter(candidate, ring, inScope)
                    .filter(self::equals)
                    .isPresent()) {
                mine.add(range);
            }
        }
        return mine;
    }
}

package io.ringvault.agent.node;

import io.ringvault.agent.snapshot.SnapshotOperations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the local node answers both over CQL ({@code system.local}) and over JMX (its snapshot service). */
public class CassandraHealthIndicator extends AbstractHealthIndicator {
    private final CassandraNode node;
    private final SnapshotOperations jmx;

    public CassandraHealthIndicator(CassandraNode node, SnapshotOperations jmx) {
        super("the local Cassandra node is not reachable");
        this.node = node;
        this.jmx = jmx;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        NodeState state = node.state();
        builder.up()
                .withDetail("hostId", state.node().hostId())
                .withDetail("datacenter", state.node().datacenter())
                .withDetail("cql", state.cassandraVersion())
                .withDetail("jmx", jmx.releaseVersion());
    }
}

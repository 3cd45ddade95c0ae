package io.ringvault.systemtest;

import io.ringvault.testkit.Topology;

/**
 * Incremental backups on a cluster of two datacenters, with the S3 backend against s3proxy: every node of both
 * datacenters ships its own backups/ directories, and every node's chain restores.
 */
class S3IncrementalBackupSystemIT extends IncrementalBackupSystemIT {
    @Override
    boolean s3() {
        return true;
    }

    @Override
    Topology topology() {
        return Topology.parse("dc1:1,dc2:1");
    }
}

package io.ringvault.systemtest;

import io.ringvault.testkit.Topology;

/** Incremental backups on the build's one node, with the filesystem store. */
class FilesystemIncrementalBackupSystemIT extends IncrementalBackupSystemIT {
    @Override
    boolean s3() {
        return false;
    }

    @Override
    Topology topology() {
        return Topology.SINGLE_NODE;
    }
}

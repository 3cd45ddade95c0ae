package io.ringvault.systemtest;

import io.ringvault.testkit.Topology;

/**
 * The restore suite on a cluster of two datacenters of two nodes each, with the S3 backend against s3proxy: every
 * restore scenario runs across four nodes and agents, and is a backup-and-restore round trip on S3. The filesystem
 * store has its round trip in the demo ({@code launcher/…/LauncherIT}) and runs the backup suite
 * ({@link FilesystemBackupSystemIT}) on one node.
 */
class S3RestoreSystemIT extends RestoreSystemIT {
    static final Topology TWO_DATACENTERS = Topology.parse("dc1:2,dc2:2");

    @Override
    boolean s3() {
        return true;
    }

    @Override
    Topology topology() {
        return TWO_DATACENTERS;
    }
}

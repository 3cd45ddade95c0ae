package io.ringvault.systemtest;

import io.ringvault.testkit.FakeGcsServer;
import io.ringvault.testkit.StoreTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A backup and restore on Google Cloud Storage, emulated by fake-gcs-server (built from its Go module on first use). */
class GcsBackupRestoreSystemIT extends CloudStoreBackupRestoreSystemIT {
    private FakeGcsServer server;

    @Override
    StoreTarget startStore(Path directory) {
        String bucket = "ringvault-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        server = FakeGcsServer.start(directory, Duration.ofMinutes(1), bucket);
        return StoreTarget.gcs(server.endpoint(), bucket);
    }

    @Override
    void stopStore() {
        if (server != null) {
            server.close();
        }
    }
}

package io.ringvault.systemtest;

import io.ringvault.testkit.Azurite;
import io.ringvault.testkit.StoreTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A backup and restore on Azure Blob Storage, emulated by Azurite (installed from npm on first use). */
class AzureBackupRestoreSystemIT extends CloudStoreBackupRestoreSystemIT {
    private Azurite azurite;

    @Override
    StoreTarget startStore(Path directory) {
        azurite = Azurite.start(directory, Duration.ofMinutes(1));
        String container = "ringvault-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        // The store never creates its container: an operator does, as here.
        azurite.createContainer(container);
        return StoreTarget.azure(azurite.blobEndpoint(), container);
    }

    @Override
    void stopStore() {
        if (azurite != null) {
            azurite.close();
        }
    }
}

package io.ringvault.storage;

import io.ringvault.storage.crypto.EncryptingObjectStore;
import io.ringvault.storage.crypto.Encryptions;

/** Opens the object store that {@link StorageProperties} describe. */
public final class ObjectStores {
    private ObjectStores() {}

    /**
     * The store of {@code properties.type()}, wrapped in an {@link EncryptingObjectStore} when
     * {@code ringvault.storage.encryption} is set, so every service reads and writes through the same encryption. The
     * caller closes it.
     *
     * @throws StorageException INVALID_REQUEST when the settings cannot work (an S3 or GCS store without a bucket, an
     *     Azure one without a container, a key file or keystore that cannot be read)
     */
    public static ObjectStore open(StorageProperties properties) {
        ObjectStore store = switch (properties.type()) {
            case FILESYSTEM -> new FilesystemObjectStore(properties.filesystem().root());
            case S3 -> new S3ObjectStore(properties.s3());
            case GCS -> new io.ringvault.storage.gcs.GcsObjectStore(properties.gcs());
            case AZURE -> new io.ringvault.storage.azure.AzureObjectStore(properties.azure());
        };
        if (!properties.encryption().enabled()) {
            return store;
        }
        try {
            return new EncryptingObjectStore(store, Encryptions.keys(properties.encryption()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}

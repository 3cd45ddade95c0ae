package io.ringvault.storage;

/** Opens the object store that {@link StorageProperties} describe. */
public final class ObjectStores {
    private ObjectStores() {}

    /**
     * The store of {@code properties.type()}. The caller closes it.
     *
     * @throws StorageException INVALID_REQUEST when the settings cannot work (an S3 or GCS store without a bucket, an
     *     Azure one without a container)
     */
    public static ObjectStore open(StorageProperties properties) {
        return switch (properties.type()) {
            case FILESYSTEM -> new FilesystemObjectStore(properties.filesystem().root());
            case S3 -> new S3ObjectStore(properties.s3());
            case GCS -> new io.ringvault.storage.gcs.GcsObjectStore(properties.gcs());
            case AZURE -> new io.ringvault.storage.azure.AzureObjectStore(properties.azure());
        };
    }
}

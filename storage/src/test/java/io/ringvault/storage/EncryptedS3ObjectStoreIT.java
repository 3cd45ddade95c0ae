package io.ringvault.storage;

import io.ringvault.storage.crypto.EncryptingObjectStore;
import io.ringvault.storage.crypto.KeyFileKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract, unchanged, through the encrypting store over the S3 store (s3proxy of the shared stack): the
 * plaintext checksum is recorded by a single PutObject and by the copy after a multipart upload alike.
 */
class EncryptedS3ObjectStoreIT extends ObjectStoreContract {
    @TempDir
    Path directory;

    @Override
    ObjectStore open() {
        return new EncryptingObjectStore(
                new S3ObjectStore(S3ObjectStoreIT.settings()),
                KeyFileKeys.load(EncryptedFilesystemObjectStoreIT.newKeyFile(directory.resolve("s3-key")), List.of()));
    }
}

package io.ringvault.storage;

import io.ringvault.storage.crypto.EncryptingObjectStore;
import io.ringvault.storage.crypto.KeyFileKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The whole contract, unchanged, through the encrypting store over a filesystem store: it is a drop-in. */
class EncryptedFilesystemObjectStoreIT extends ObjectStoreContract {
    @TempDir
    Path directory;

    @Override
    ObjectStore open() {
        return new EncryptingObjectStore(
                new FilesystemObjectStore(directory.resolve("objects")),
                KeyFileKeys.load(newKeyFile(directory.resolve("contract-key")), List.of()));
    }

    /** A key file of 32 random bytes, base64, as an operator makes one ({@code openssl rand -base64 32}). */
    static Path newKeyFile(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            return Files.writeString(file, Base64.getEncoder().encodeToString(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ringvault.storage.crypto;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * KEKs from key files: each holds 32 random bytes, base64 (for example {@code openssl rand -base64 32 > k-2026-12}), and
 * its id is the file's name. The current key wraps; older key files (rotation) only unwrap.
 */
public final class KeyFileKeys {
    private KeyFileKeys() {}

    /**
     * @param current the key file new objects are encrypted under
     * @param previous older key files, for objects written under them
     * @throws StorageException INVALID_REQUEST for a file that cannot be read or is not a base64 AES-256 key, or two
     *     files of one name (one id)
     */
    public static KeyEncryptionKeys load(Path current, List<Path> previous) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String currentId = add(keys, current);
        for (Path file : previous) {
            add(keys, file);
        }
        return new AesKeyWrap(currentId, keys, "key files");
    }

    private static String add(Map<String, SecretKey> keys, Path file) {
        String id = file.getFileName().toString();
        if (keys.containsKey(id)) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "two key files are named " + id + ": a key's id is its file's name, so each must be unique");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "cannot read the key file " + file + ": " + e.getClass().getSimpleName());
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // Not e.getMessage(): it quotes the offending character of the key.
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "the key file " + file + " is not base64 (32 random bytes)");
        }
        keys.put(id, AesKeyWrap.aes256(raw, "the key file " + file));
        return id;
    }
}

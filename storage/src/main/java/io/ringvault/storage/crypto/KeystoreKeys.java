package io.ringvault.storage.crypto;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.connections.Secret;
import io.ringvault.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;

/**
 * KEKs from a PKCS#12 keystore of AES-256 secret keys (for example
 * {@code keytool -genseckey -keyalg AES -keysize 256 -storetype PKCS12 -keystore kek.p12 -alias k-2026-12}): a key's id is
 * its alias (PKCS#12 aliases are case-insensitive, so ids are lower case), entries are protected by the keystore's
 * password. Rotation: add a key under a new alias and make it the current one; every alias still unwraps.
 */
public final class KeystoreKeys {
    private KeystoreKeys() {}

    /**
     * @param keystore the PKCS#12 file
     * @param password the keystore's password, also each entry's
     * @param currentAlias the alias new objects are encrypted under; null when the keystore holds exactly one key
     * @throws StorageException INVALID_REQUEST when the keystore cannot be read (a wrong password included), holds no
     *     AES-256 key, or the current alias is missing or not given while there are several keys
     */
    public static KeyEncryptionKeys load(Path keystore, Secret password, String currentAlias) {
        char[] chars = password == null ? new char[0] : password.value().toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, chars);
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password is an IOException here; its message names no secret, but the class is enough.
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "cannot read the PKCS#12 keystore " + keystore + " (a wrong keystore password reads like this): "
                            + e.getClass().getSimpleName());
        }
        Map<String, SecretKey> keys = new TreeMap<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
                    continue;
                }
                Key key = store.getKey(alias, chars);
                if (key instanceof SecretKey secret && "AES".equalsIgnoreCase(secret.getAlgorithm())) {
                    keys.put(
                            alias.toLowerCase(Locale.ROOT),
                            AesKeyWrap.aes256(secret.getEncoded(), "the keystore entry " + alias));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "cannot read the keys of the keystore " + keystore + ": "
                            + e.getClass().getSimpleName());
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
        if (keys.isEmpty()) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST, "the keystore " + keystore + " holds no AES secret key");
        }
        String current;
        if (currentAlias == null) {
            if (keys.size() > 1) {
                throw new StorageException(
                        FailureReason.INVALID_REQUEST,
                        "the keystore " + keystore + " holds " + keys.size() + " keys " + keys.keySet()
                                + ": set ringvault.storage.encryption.key-id to the one new backups use");
            }
            current = keys.keySet().iterator().next();
        } else {
            current = currentAlias.toLowerCase(Locale.ROOT);
            if (!keys.containsKey(current)) {
                throw new StorageException(
                        FailureReason.INVALID_REQUEST,
                        "the keystore " + keystore + " has no AES key '" + currentAlias + "'; it has " + keys.keySet());
            }
        }
        return new AesKeyWrap(current, keys, "keystore " + keystore);
    }
}

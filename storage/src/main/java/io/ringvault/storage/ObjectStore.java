package io.ringvault.storage;

import io.ringvault.common.failure.FailureReason;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The object store, whatever it is (S3 and compatible, a filesystem; GCS or Azure later). Objects are streamed: no
 * method holds a whole object in memory, whatever its size.
 *
 * <p>Every object carries the SHA-256 of its bytes, computed while it was streamed in ({@link StoredObject#checksum()}).
 * Errors are {@link StorageException}s that say whether a retry can help.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Streams exactly {@code size} bytes from {@code content} to {@code key}, replacing any object there, and computes
     * the SHA-256 on the way (no second read). Writing the same key twice leaves one correct object.
     */
    StoredObject put(String key, InputStream content, long size);

    /**
     * {@link #put(String, InputStream, long)} for a store that stores other bytes than its caller gave it (the
     * {@linkplain io.ringvault.storage.crypto.EncryptingObjectStore encrypting store} stores ciphertext): the checksum
     * recorded for the object, which {@link #head} and the returned {@link StoredObject} give, is {@code checksum.get()},
     * asked once {@code content} has been read to its end, instead of the SHA-256 of the bytes stored. So the checksum
     * manifests record and differential backups compare stays the SHA-256 of the caller's data. A store that cannot
     * record another checksum refuses with {@code invalid-request}.
     */
    default StoredObject put(String key, InputStream content, long size, Supplier<String> checksum) {
        throw new StorageException(FailureReason.INVALID_REQUEST, describe() + " cannot record a given checksum");
    }

    /** A small object from memory (manifests, the index). */
    default StoredObject put(String key, byte[] content) {
        return put(key, new java.io.ByteArrayInputStream(content), content.length);
    }

    /** The object's size and checksum, without reading it; empty when there is none. One request, never a listing. */
    Optional<StoredObject> head(String key);

    /**
     * The objects directly under {@code directory} (a key prefix ending with {@code /}), with their sizes, in no
     * particular order, or empty when there are more than {@code atMost}: the listing stops there, so its cost is
     * bounded whatever the directory holds. Not recursive: what lies under a further {@code /} is left out. A listing
     * carries no checksums ({@link StoredObject#checksum()} is null): {@link #head} an object for its checksum. On S3
     * this is one ListObjectsV2 request per thousand objects.
     */
    Optional<List<StoredObject>> list(String directory, int atMost);

    /** The object's bytes from {@code offset} on (0 for all of it). The caller closes the stream. */
    InputStream get(String key, long offset);

    /** Reads a whole small object (manifests, the index); empty when there is none. */
    Optional<byte[]> getSmall(String key);

    /** Removes the object if it exists. */
    void delete(String key);

    /**
     * Hands every object whose key starts with {@code prefix} (ending with {@code /}), at any depth, to {@code visitor},
     * with its size and last-modified time, in no particular order. The listing is paged (on S3, ListObjectsV2 pages of
     * a thousand keys; on a filesystem, one directory at a time), so memory stays bounded whatever the prefix holds.
     * The visitor may delete objects it was handed; objects written or deleted during the walk may or may not be seen.
     * A store that cannot walk refuses with {@code invalid-request}.
     */
    default void walk(String prefix, Consumer<ListedObject> visitor) {
        throw new StorageException(FailureReason.INVALID_REQUEST, describe() + " cannot list a prefix recursively");
    }

    /**
     * Removes every object of {@code keys} that exists: a key already gone is not an error. By default each key in
     * turn ({@link #delete}, which on a filesystem also removes the checksum sidecar); on S3 this is one
     * DeleteObjects request per thousand keys. Keys the store failed to delete make one {@link StorageException} that
     * names them, classified like any other failure of the store (the first failure's reason), once the others are
     * deleted.
     */
    default void deleteAll(Collection<String> keys) {
        List<String> failed = new java.util.ArrayList<>();
        StorageException first = null;
        for (String key : keys) {
            try {
                delete(key);
            } catch (StorageException e) {
                failed.add(key);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw StorageException.notDeleted(first.reason(), failed, keys.size(), first.getMessage());
        }
    }

    /**
     * The id of the key new objects are encrypted under when the store encrypts them client-side
     * ({@link io.ringvault.storage.crypto.EncryptingObjectStore}); empty otherwise. Recorded in backup manifests.
     */
    default Optional<String> encryptionKeyId() {
        return Optional.empty();
    }

    /** What the store is, for logs and errors (no secrets). */
    String describe();

    @Override
    default void close() {}
}

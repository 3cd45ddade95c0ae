package io.ringvault.coordinator.fakes;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An object store in a map. Writes can be made to fail, as a bucket that refuses them would. */
public final class InMemoryObjectStore implements ObjectStore {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private volatile String refusingWritesBecause;
    private volatile int writes;
    private volatile int reads;

    /** Every write fails from now on with {@code why}. */
    public void refuseWrites(String why) {
        refusingWritesBecause = why;
    }

    /** How many objects were written, rewrites included. */
    public int writes() {
        return writes;
    }

    /** How many small objects were read ({@code getSmall}): manifests and the index. */
    public int reads() {
        return reads;
    }

    public Map<String, byte[]> objects() {
        return Map.copyOf(objects);
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        if (refusingWritesBecause != null) {
            throw new StorageException(FailureReason.ACCESS_DENIED, refusingWritesBecause);
        }
        try {
            byte[] bytes = content.readNBytes((int) size);
            objects.put(key, bytes);
            writes++;
            return new StoredObject(key, bytes.length, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        return Optional.ofNullable(objects.get(key)).map(bytes -> new StoredObject(key, bytes.length, null));
    }

    @Override
    public Optional<List<StoredObject>> list(String directory, int atMost) {
        List<StoredObject> found = objects.entrySet().stream()
                .filter(e -> e.getKey().startsWith(directory)
                        && !e.getKey().substring(directory.length()).contains("/"))
                .map(e -> new StoredObject(e.getKey(), e.getValue().length, null))
                .toList();
        return found.size() > atMost ? Optional.empty() : Optional.of(found);
    }

    @Override
    public InputStream get(String key, long offset) {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new StorageException(FailureReason.OBJECT_NOT_FOUND, "no object " + key);
        }
        return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        reads++;
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public void walk(String prefix, java.util.function.Consumer<io.ringvault.storage.ListedObject> visitor) {
        java.time.Instant now = java.time.Instant.now();
        objects.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .forEach(e ->
                        visitor.accept(new io.ringvault.storage.ListedObject(e.getKey(), e.getValue().length, now)));
    }

    @Override
    public String describe() {
        return "memory";
    }
}

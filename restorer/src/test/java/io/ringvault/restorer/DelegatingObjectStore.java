package io.ringvault.restorer;

import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StoredObject;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that passes every call on to another; tests override what should fail, count or stop. It has no batch
 * delete of its own: {@link ObjectStore#deleteAll} takes the interface's default, one {@link #delete} per key.
 */
public class DelegatingObjectStore implements ObjectStore {
    private final ObjectStore store;

    public DelegatingObjectStore(ObjectStore store) {
        this.store = store;
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        return store.put(key, content, size);
    }

    @Override
    public Optional<StoredObject> head(String key) {
        return store.head(key);
    }

    @Override
    public Optional<List<StoredObject>> list(String directory, int atMost) {
        return store.list(directory, atMost);
    }

    @Override
    public InputStream get(String key, long offset) {
        return store.get(key, offset);
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        return store.getSmall(key);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public void walk(String prefix, Consumer<ListedObject> visitor) {
        store.walk(prefix, visitor);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}

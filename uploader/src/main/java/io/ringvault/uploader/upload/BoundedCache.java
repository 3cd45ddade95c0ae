package io.ringvault.uploader.upload;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Values read once and kept while they fit: once the kept values weigh more than the bound, the least recently used
 * go first. The first caller that asks for a key reads its value, the others wait for it; a read that throws is not
 * kept, the next caller reads again.
 */
final class BoundedCache<V> {
    private final long maxWeight;
    private final ToIntFunction<V> weigher;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    /** @param weigher what a value weighs against {@code maxWeight} (objects, files; 1 to bound by count) */
    BoundedCache(long maxWeight, ToIntFunction<V> weigher) {
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** The value of {@code key}: the one kept, or {@code reader}'s. */
    V get(String key, Supplier<V> reader) {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(key, ignored -> new Entry(key, reader));
        }
        return entry.value.get();
    }

    synchronized long weight() {
        return weight;
    }

    /** Counts a value that has been read, and lets the least recently used ones go past the bound. */
    private synchronized void weigh(String key, Entry entry, int valueWeight) {
        if (entries.get(key) != entry) {
            return; // let go while it was read
        }
        entry.weight = valueWeight;
        weight += valueWeight;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            Map.Entry<String, Entry> candidate = eldest.next();
            if (candidate.getValue() != entry) {
                weight -= candidate.getValue().weight;
                eldest.remove();
            }
        }
    }

    /** Lets go of a value whose read failed, so the next caller reads it with its own reader. */
    private synchronized void forget(String key, Entry entry) {
        entries.remove(key, entry);
    }

    private final class Entry {
        private final Once<V> value;
        private int weight;

        Entry(String key, Supplier<V> reader) {
            this.value = new Once<>(() -> {
                V read;
                try {
                    read = reader.get();
                } catch (RuntimeException e) {
                    forget(key, this);
                    throw e;
                }
                weigh(key, this, weigher.applyAsInt(read));
                return read;
            });
        }
    }
}

package io.ringvault.uploader.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BackupListingsTest {
    final BackupListings listings = new BackupListings();
    final AtomicInteger listed = new AtomicInteger();

    private Supplier<Optional<Map<String, Long>>> lister(int objects) {
        return () -> {
            listed.incrementAndGet();
            return Optional.of(sized(objects));
        };
    }

    @Test
    void shouldListADirectoryOncePerBackup() {
        listings.listing("b1", "dir/", lister(3));
        listings.listing("b1", "dir/", lister(3));
        assertThat(listed).hasValue(1);

        listings.listing("b2", "dir/", lister(3));
        assertThat(listed).as("a new backup lists afresh").hasValue(2);
        assertThat(listings.objectsKept()).isEqualTo(6);
    }

    @Test
    void shouldLetTheLeastRecentlyUsedListingsGoPastTheBound() {
        int objects = BackupListings.OBJECTS_KEPT / 2 + 1;
        listings.listing("b1", "a/", lister(objects));
        listings.listing("b1", "b/", lister(objects));
        assertThat(listings.objectsKept()).isEqualTo(objects);

        listings.listing("b1", "b/", lister(objects));
        assertThat(listed).as("the newest is kept").hasValue(2);
        listings.listing("b1", "a/", lister(objects));
        assertThat(listed).as("the eldest was let go").hasValue(3);
    }

    @Test
    void shouldReadTheIndexOncePerBackup() {
        AtomicInteger reads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            listings.index("b1", () -> {
                reads.incrementAndGet();
                return Optional.empty();
            });
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void shouldReadAgainAListingWhoseReadFailed() {
        Supplier<Optional<Map<String, Long>>> failing = () -> {
            listed.incrementAndGet();
            throw new IllegalStateException("the store is down");
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> listings.listing("b1", "dir/", failing))
                .hasMessage("the store is down");

        assertThat(listings.listing("b1", "dir/", lister(2)))
                .hasValueSatisfying(listing -> assertThat(listing).hasSize(2));
        assertThat(listed).hasValue(2);
    }

    /** A listing of {@code size} objects, without holding them. */
    private static Map<String, Long> sized(int size) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Long>> entrySet() {
                return Set.of();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}

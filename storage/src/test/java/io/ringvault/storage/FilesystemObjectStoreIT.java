package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemObjectStoreIT extends ObjectStoreContract {
    @TempDir
    Path directory;

    Path root;

    @Override
    ObjectStore open() {
        root = directory.resolve("objects");
        return new FilesystemObjectStore(root);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../escaped",
                "a/../../escaped",
                "/etc/passwd",
                "a//b",
                "a/./b",
                "a/",
                "",
                "a\\..\\..\\b",
                "x.ringvault-sha256",
                "x.ringvault-tmp-1"
            })
    void shouldRefuseKeysThatAreNotPlainPathsInsideTheRoot(String key) {
        assertThatThrownBy(() -> store.put(key, new byte[] {1})).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(e.reason().retryable()).isFalse();
        });
        assertThatThrownBy(() -> store.head(key)).isInstanceOf(StorageException.class);
        assertThat(directory.resolve("escaped")).doesNotExist();
    }

    @Test
    void shouldKeepTheChecksumInASidecarAndNoTemporaryFiles() throws Exception {
        String key = prefix + "ks/t-1/nb-1-big-Data.db";
        StoredObject stored = store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);

        Path file = root.resolve(key);
        assertThat(Files.readString(file.resolveSibling(file.getFileName() + ".ringvault-sha256")))
                .contains("checksum=" + stored.checksum());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("nb-1-big-Data.db", "nb-1-big-Data.db.ringvault-sha256");
        }
    }

    @Test
    void shouldNotTrustASidecarThatDescribesOtherBytes() throws Exception {
        String key = prefix + "replaced-behind-our-back";
        store.put(key, new byte[] {1, 2, 3});
        Path replacement = Files.write(directory.resolve("other"), new byte[] {4, 5, 6});
        Files.move(replacement, root.resolve(key), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(store.head(key)).contains(new StoredObject(key, 3, null));
    }
}

package io.ringvault.storage.crypto;

import static io.ringvault.storage.crypto.EnvelopeFormat.CHUNK_BYTES;
import static io.ringvault.storage.crypto.EnvelopeFormat.HEADER_BYTES;
import static io.ringvault.storage.crypto.EnvelopeFormat.TAG_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.connections.Secret;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encrypting store over a filesystem store in a temporary directory: round trips, ranged reads, every way of
 * altering a stored object, keys and rotation. The whole object-store contract runs on it in
 * {@code EncryptedFilesystemObjectStoreIT} and {@code EncryptedS3ObjectStoreIT}.
 */
class EncryptingObjectStoreTest {
    @TempDir
    Path directory;

    Path root;
    Path keys;
    FilesystemObjectStore files;
    ObjectStore store;

    @BeforeEach
    void open() throws IOException {
        root = directory.resolve("objects");
        keys = Files.createDirectories(directory.resolve("keys"));
        files = new FilesystemObjectStore(root);
        store = new EncryptingObjectStore(files, KeyFileKeys.load(newKeyFile("key-a"), List.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 3 * 1024 * 1024 + 7})
    void shouldRoundTripAnyLengthWithThePlaintextChecksumAndSize(int size) throws IOException {
        byte[] plain = bytes(size, size);
        String key = "ks/t-1/nb-" + size + "-big-Data.db";

        StoredObject stored = store.put(key, new ByteArrayInputStream(plain), size);

        StoredObject expected = new StoredObject(key, size, sha256(plain));
        assertThat(stored).isEqualTo(expected);
        assertThat(store.head(key)).contains(expected);
        assertThat(files.head(key))
                .as("the inner store records the plaintext's checksum, and holds the encrypted size")
                .contains(new StoredObject(key, EnvelopeFormat.encryptedSize(size), sha256(plain)));
        assertThat(Files.size(root.resolve(key))).isEqualTo(EnvelopeFormat.encryptedSize(size));
        try (InputStream in = store.get(key, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        assertThat(store.getSmall(key))
                .hasValueSatisfying(read -> assertThat(read).isEqualTo(plain));
    }

    @Test
    void shouldNotStoreThePlaintext() throws IOException {
        byte[] plain = "INSERT INTO shop.orders (id, item) VALUES (42, 'a very recognisable row');"
                .repeat(2000)
                .getBytes(StandardCharsets.UTF_8);
        store.put("ks/t/data", plain);

        byte[] stored = Files.readAllBytes(root.resolve("ks/t/data"));
        assertThat(indexOf(stored, Arrays.copyOfRange(plain, 0, 24))).isEqualTo(-1);
        assertThat(indexOf(stored, "recognisable".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }

    @Test
    void shouldComputeTheStoredSizeFromThePlainSizeAndBack() {
        for (long size : new long[] {
            0, 1, 15, 16, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 10L * CHUNK_BYTES, 5L * 1024 * 1024 * 1024 + 3
        }) {
            assertThat(EnvelopeFormat.plainSize(EnvelopeFormat.encryptedSize(size)))
                    .isEqualTo(size);
        }
        assertThat(EnvelopeFormat.plainSize(HEADER_BYTES + TAG_BYTES - 1)).isEqualTo(-1);
        assertThat(EnvelopeFormat.plainSize(EnvelopeFormat.chunkOffset(1) + 5))
                .as("a full chunk and 5 bytes: too short for the next chunk's tag")
                .isEqualTo(-1);
        assertThat(EnvelopeFormat.plainSize(3)).isEqualTo(-1);
    }

    @Test
    void shouldReadFromAnyOffset() throws IOException {
        int size = 3 * CHUNK_BYTES + 5;
        byte[] plain = bytes(size, 3);
        store.put("ranged", plain);

        for (int offset :
                new int[] {0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES, size - 1, size}) {
            try (InputStream in = store.get("ranged", offset)) {
                assertThat(in.readAllBytes()).as("from " + offset).isEqualTo(Arrays.copyOfRange(plain, offset, size));
            }
        }
        assertThatThrownBy(() -> store.get("ranged", size + 1))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
    }

    @Test
    void shouldReadFromTheEndOfAnObjectOfWholeChunks() throws IOException {
        store.put("whole", bytes(2 * CHUNK_BYTES, 4));
        try (InputStream in = store.get("whole", 2 * CHUNK_BYTES)) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(
            ints = {
                0, // the magic
                6, // the format version
                12, // the base nonce
                40, // the wrapped data key
                1000, // the header's zero padding
                HEADER_BYTES, // the first chunk
                HEADER_BYTES + CHUNK_BYTES + 3, // the first chunk's tag
                HEADER_BYTES + CHUNK_BYTES + TAG_BYTES + 7, // the second chunk
            })
    void shouldRefuseAnObjectWithOneByteAlteredNamingIt(int position) throws IOException {
        String key = "ks/t-1/nb-7-big-Data.db";
        store.put(key, bytes(CHUNK_BYTES + 100, 7));
        flip(root.resolve(key), position);

        assertCorrupt(key);
    }

    @Test
    void shouldRefuseAnObjectWhoseKeyIdWasAlteredAsEncryptedUnderAnUnknownKey() throws IOException {
        String key = "ks/t-1/nb-8-big-Data.db";
        store.put(key, bytes(100, 6));
        flip(root.resolve(key), 26);

        assertThatThrownBy(() -> store.getSmall(key)).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(key).contains("jey-a");
        });
    }

    @Test
    void shouldRefuseAnObjectCutAtAChunkBoundaryInsideAChunkOrInsideTheHeader() throws IOException {
        for (long length : new long[] {
            EnvelopeFormat.chunkOffset(1), EnvelopeFormat.chunkOffset(1) + 100, HEADER_BYTES, HEADER_BYTES - 1, 0
        }) {
            String key = "cut-" + length;
            store.put(key, bytes(2 * CHUNK_BYTES + 10, 8));
            try (RandomAccessFile file = new RandomAccessFile(root.resolve(key).toFile(), "rw")) {
                file.setLength(length);
            }
            assertCorrupt(key);
        }
    }

    @Test
    void shouldRefuseAnObjectWithBytesAppended() throws IOException {
        store.put("extended", bytes(CHUNK_BYTES, 9));
        Files.write(
                root.resolve("extended"), bytes(CHUNK_BYTES + TAG_BYTES, 10), java.nio.file.StandardOpenOption.APPEND);

        assertCorrupt("extended");
    }

    @Test
    void shouldRefuseTheBytesOfAnotherObjectUnderAKey() throws IOException {
        store.put("ks/t/one", bytes(1000, 11));
        store.put("ks/t/two", bytes(1000, 12));
        Path one = root.resolve("ks/t/one");
        Path two = root.resolve("ks/t/two");
        byte[] first = Files.readAllBytes(one);
        Files.write(one, Files.readAllBytes(two));
        Files.write(two, first);

        assertCorrupt("ks/t/one");
        assertCorrupt("ks/t/two");
    }

    @Test
    void shouldRefuseAnObjectThatWasNeverEncrypted() throws IOException {
        files.put("plain", bytes(5000, 13));
        files.put("small", bytes(1000, 13));

        assertCorrupt("plain");
        assertCorrupt("small");
        assertThat(store.head("small"))
                .as("a size no encrypted object has: reported as it is, without a checksum")
                .contains(new StoredObject("small", 1000, null));
    }

    @Test
    void shouldNameTheMissingKeyOfAnObjectEncryptedUnderAnother() throws IOException {
        store.put("under-a", bytes(100, 14));
        ObjectStore withB = new EncryptingObjectStore(files, KeyFileKeys.load(newKeyFile("key-b"), List.of()));

        assertThatThrownBy(() -> withB.get("under-a", 0)).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("under-a").contains("key-a");
        });
    }

    @Test
    void shouldRefuseAnotherKeyOfTheSameId() throws IOException {
        store.put("under-a", bytes(100, 15));
        Path other = Files.createDirectories(directory.resolve("other"));
        ObjectStore impostor =
                new EncryptingObjectStore(files, KeyFileKeys.load(newKeyFile(other.resolve("key-a")), List.of()));

        assertCorrupt(impostor, "under-a");
    }

    @Test
    void shouldReadOldObjectsAfterRotationAndWriteNewOnesUnderTheNewKey() throws IOException {
        Path keyA = keys.resolve("key-a");
        byte[] old = bytes(CHUNK_BYTES * 2 + 1, 16);
        store.put("old", old);

        ObjectStore rotated = new EncryptingObjectStore(files, KeyFileKeys.load(newKeyFile("key-b"), List.of(keyA)));
        byte[] fresh = bytes(777, 17);
        rotated.put("new", fresh);

        assertThat(rotated.getSmall("old"))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(old));
        assertThat(rotated.getSmall("new"))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(fresh));
        assertThat(keyIdOf("old")).isEqualTo("key-a");
        assertThat(keyIdOf("new")).isEqualTo("key-b");
        assertThat(rotated.head("old")).contains(new StoredObject("old", old.length, sha256(old)));
        assertThatThrownBy(() -> store.getSmall("new"))
                .as("the store that only has the old key cannot read the new object")
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
    }

    @Test
    void shouldRotateWithAKeystoreAndNeverPrintItsPassword() throws Exception {
        String password = "keystore-Pa55word";
        Path keystore = directory.resolve("kek.p12");
        writeKeystore(keystore, password, "k-2026-01");
        ObjectStore first = new EncryptingObjectStore(files, KeystoreKeys.load(keystore, Secret.of(password), null));
        byte[] old = bytes(3000, 18);
        first.put("old", old);

        writeKeystore(keystore, password, "k-2026-01", "K-2026-07");
        KeyEncryptionKeys both = KeystoreKeys.load(keystore, Secret.of(password), "K-2026-07");
        ObjectStore rotated = new EncryptingObjectStore(files, both);
        rotated.put("new", bytes(10, 19));

        assertThat(rotated.getSmall("old"))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(old));
        assertThat(keyIdOf("new")).isEqualTo("k-2026-07");
        assertThat(both.toString() + rotated.describe() + rotated).doesNotContain(password);
        assertThatThrownBy(() -> KeystoreKeys.load(keystore, Secret.of(password), null))
                .as("two keys and no key-id")
                .hasMessageContaining("key-id");
        assertThatThrownBy(() -> KeystoreKeys.load(keystore, Secret.of("wrong-" + password), null))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("kek.p12").doesNotContain(password);
                });
    }

    @Test
    void shouldNeverShowKeyMaterial() throws IOException {
        Path file = keys.resolve("key-a");
        String base64 = Files.readString(file).strip();
        KeyEncryptionKeys loaded = KeyFileKeys.load(file, List.of());
        store.put("x", bytes(10, 20));
        flip(root.resolve("x"), 40);

        List<String> shown =
                new ArrayList<>(List.of(loaded.toString(), loaded.describe(), store.toString(), store.describe()));
        KeyEncryptionKeys.WrappedKey wrapped = loaded.wrap(new byte[32]);
        shown.add(wrapped.toString());
        try {
            store.getSmall("x");
        } catch (StorageException e) {
            shown.add(e.getMessage());
        }
        Files.writeString(file, "not base64 at all: " + base64.substring(0, 10));
        try {
            KeyFileKeys.load(file, List.of());
        } catch (StorageException e) {
            shown.add(e.getMessage());
        }

        String hexKey = HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
        assertThat(shown)
                .hasSizeGreaterThan(6)
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain(base64)
                        .doesNotContain(base64.substring(0, 10))
                        .doesNotContainIgnoringCase(hexKey.substring(0, 16)));
    }

    @Test
    void shouldListAndWalkPlaintextSizes() {
        store.put("dir/a", bytes(CHUNK_BYTES + 3, 21));
        store.put("dir/b", new byte[0]);

        assertThat(store.list("dir/", 10))
                .hasValueSatisfying(listed -> assertThat(listed)
                        .containsExactlyInAnyOrder(
                                new StoredObject("dir/a", CHUNK_BYTES + 3, null), new StoredObject("dir/b", 0, null)));
        List<ListedObject> walked = new ArrayList<>();
        store.walk("dir/", walked::add);
        assertThat(walked).extracting(ListedObject::size).containsExactlyInAnyOrder((long) CHUNK_BYTES + 3, 0L);
    }

    @Test
    void shouldRefuseContentOfAnotherSizeAndPassTheSourceFailureOn() {
        assertThatThrownBy(() -> store.put("short", new ByteArrayInputStream(new byte[10]), 11))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.SIZE_MISMATCH));
        assertThatThrownBy(() -> store.put("long", new ByteArrayInputStream(new byte[12]), 11))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.SIZE_MISMATCH));
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the agent");
            }
        };
        assertThatThrownBy(() -> store.put("failing", failing, 5)).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.fromSource()).isTrue();
            assertThat(e.getCause()).hasMessage("connection reset by the agent");
        });
        assertThat(store.head("short")).isEmpty();
        assertThat(store.head("long")).isEmpty();
        assertThat(store.head("failing")).isEmpty();
    }

    private void assertCorrupt(String key) {
        assertCorrupt(store, key);
    }

    /** Every way of reading the object fails as a checksum mismatch that names it. */
    private static void assertCorrupt(ObjectStore store, String key) {
        Consumer<StorageException> namesIt = e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
            assertThat(e.getMessage()).contains(key);
        };
        assertThatThrownBy(() -> store.getSmall(key)).isInstanceOfSatisfying(StorageException.class, namesIt);
        assertThatThrownBy(() -> {
                    try (InputStream in = store.get(key, 0)) {
                        in.transferTo(OutputStreamNull.INSTANCE);
                    }
                })
                .isInstanceOfSatisfying(StorageException.class, namesIt);
    }

    private String keyIdOf(String key) throws IOException {
        byte[] header = Arrays.copyOf(Files.readAllBytes(root.resolve(key)), HEADER_BYTES);
        return EnvelopeFormat.Header.parse(key, header).keyId();
    }

    private Path newKeyFile(String name) throws IOException {
        return newKeyFile(keys.resolve(name));
    }

    private static Path newKeyFile(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    }

    private static void writeKeystore(Path file, String password, String... aliases) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                keystore.load(in, password.toCharArray());
            }
        } else {
            keystore.load(null, null);
        }
        for (String alias : aliases) {
            if (!keystore.containsAlias(alias)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                keystore.setEntry(
                        alias,
                        new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")),
                        new KeyStore.PasswordProtection(password.toCharArray()));
            }
        }
        try (var out = Files.newOutputStream(file)) {
            keystore.store(out, password.toCharArray());
        }
    }

    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return Checksums.PREFIX + HexFormat.of().formatHex(Checksums.sha256().digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}

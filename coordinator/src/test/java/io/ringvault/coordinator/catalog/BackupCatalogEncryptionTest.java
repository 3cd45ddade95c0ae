package io.ringvault.coordinator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.crypto.EncryptingObjectStore;
import io.ringvault.storage.crypto.KeyFileKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With client-side encryption, the manifests are encrypted too, and the backup manifest names the key. */
class BackupCatalogEncryptionTest {
    private static final Instant T0 = Instant.parse("2026-03-14T02:00:00Z");
    private static final NodeRef A = new NodeRef("host-a", "10.0.0.1", "dc1", "r1");

    @TempDir
    Path directory;

    @Test
    void shouldRecordTheKeyIdInTheManifestAndStoreTheManifestsEncrypted() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = Files.writeString(
                directory.resolve("kek-2026-12"), Base64.getEncoder().encodeToString(key));
        Path root = directory.resolve("objects");
        ObjectLayout layout = new ObjectLayout("", "c1");
        ObjectStore store =
                new EncryptingObjectStore(new FilesystemObjectStore(root), KeyFileKeys.load(keyFile, List.of()));
        BackupCatalog catalog = new BackupCatalog(store, layout, new CloudEventCodec().mapper());
        NodeManifest node = new NodeManifest(
                "b1",
                A,
                "5.0.9",
                List.of("1"),
                Map.of(),
                List.of(new NodeManifest.File(
                        "ks",
                        "t",
                        "nb-1-big-Data.db",
                        "c1/nodes/host-a/ks/t-1/nb-1-big-Data.db",
                        5,
                        "sha256:00",
                        false)),
                T0);

        BackupManifest published = catalog.publish(
                "b1",
                new BackupRequested(List.of("ks"), null, null, BackupMode.DIFFERENTIAL, "it", null, null, null, null),
                T0,
                T0.plusSeconds(5),
                List.of(node));

        assertThat(published.encryptionKeyId()).isEqualTo("kek-2026-12");
        assertThat(catalog.manifest("b1")).contains(published);
        assertThat(catalog.index().backups())
                .extracting(entry -> entry.backupId())
                .containsExactly("b1");
        for (String stored :
                List.of(layout.backupManifest("b1"), layout.nodeManifest("b1", "host-a"), layout.index())) {
            assertThat(new String(Files.readAllBytes(root.resolve(stored)), StandardCharsets.ISO_8859_1))
                    .as(stored + " is stored encrypted")
                    .startsWith("RVENC")
                    .doesNotContain("b1")
                    .doesNotContain("host-a");
        }
    }
}

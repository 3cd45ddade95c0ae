package io.ringvault.restorer.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.backup.NodeManifest;
import io.ringvault.storage.FilesystemObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportedFilesTest {
    static final String BACKUP = "backups/c1/backups/backup-1/";

    static NodeManifest.File chunk(String name) {
        return new NodeManifest.File("shop", "orders", name, "backups/c1/logical/" + name, 10, null, false);
    }

    @Test
    void shouldRememberImportedFilesAcrossRunsOfTheSameRestore(@TempDir Path root) {
        FilesystemObjectStore store = new FilesystemObjectStore(root);
        ImportedFiles first = ImportedFiles.load(store, BACKUP, "key-1");
        first.markImported("shop.orders", chunk("a.rvlg"));

        ImportedFiles resumed = ImportedFiles.load(store, BACKUP, "key-1");
        ImportedFiles other = ImportedFiles.load(store, BACKUP, "key-2");

        assertThat(resumed.isImported("shop.orders", chunk("a.rvlg"))).isTrue();
        assertThat(resumed.isImported("shop.orders", chunk("b.rvlg"))).isFalse();
        assertThat(resumed.isImported("shop2.orders", chunk("a.rvlg"))).isFalse();
        assertThat(resumed.anyImported("shop.orders")).isTrue();
        assertThat(resumed.anyImported("shop.order")).isFalse();
        assertThat(other.anyImported("shop.orders")).isFalse();
    }

    @Test
    void shouldForgetEverythingOnceTheRestoreCompleted(@TempDir Path root) {
        FilesystemObjectStore store = new FilesystemObjectStore(root);
        ImportedFiles files = ImportedFiles.load(store, BACKUP, "key-1");
        files.markImported("shop.orders", chunk("a.rvlg"));
        files.markImported("shop.customers", chunk("b.rvlg"));

        files.clear();

        List<String> left = new ArrayList<>();
        store.walk(BACKUP, object -> left.add(object.key()));
        assertThat(left).isEmpty();
        assertThat(ImportedFiles.load(store, BACKUP, "key-1").anyImported("shop.orders"))
                .isFalse();
    }
}

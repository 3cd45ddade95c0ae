package io.ringvault.restorer.logical;

import io.ringvault.common.backup.NodeManifest;
import io.ringvault.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chunk files a logical restore has imported, kept in the object store next to the backup so that a restore that
 * stopped (a restorer that restarted, a cancel, a failure) is continued by the next run of the same restore (the same
 * backup into the same tables: {@link LogicalRestorePlan#resumeKey()}) without importing a finished file again: one
 * empty object per imported file, {@code backups/<id>/restores/resume-<key>/<keyspace.table>/<hash of the object key>}.
 * A completed restore removes them, so the next restore of the backup starts from the beginning.
 */
public final class ImportedFiles {
    private final ObjectStore store;
    private final String prefix;
    private final Set<String> imported = ConcurrentHashMap.newKeySet();

    private ImportedFiles(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /**
     * Reads what earlier runs imported.
     *
     * @param backupDirectory the backup's directory, {@code [prefix/]<cluster>/backups/<id>/}
     */
    public static ImportedFiles load(ObjectStore store, String backupDirectory, String resumeKey) {
        ImportedFiles files = new ImportedFiles(store, backupDirectory + "restores/resume-" + resumeKey + "/");
        store.walk(files.prefix, object -> files.imported.add(object.key()));
        return files;
    }

    public boolean isImported(String target, NodeManifest.File file) {
        return imported.contains(key(target, file));
    }

    /** Whether an earlier run imported any file of {@code target}: its truncate, if asked, is done already. */
    public boolean anyImported(String target) {
        String tablePrefix = prefix + target + "/";
        return imported.stream().anyMatch(k -> k.startsWith(tablePrefix));
    }

    /** Records that {@code file} is imported into {@code target}; durable when this returns. */
    public void markImported(String target, NodeManifest.File file) {
        String key = key(target, file);
        store.put(key, new byte[0]);
        imported.add(key);
    }

    /** Forgets every file: the restore completed. */
    public void clear() {
        List<String> keys = new ArrayList<>();
        store.walk(prefix, object -> keys.add(object.key()));
        store.deleteAll(keys);
        imported.clear();
    }

    private String key(String target, NodeManifest.File file) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(file.objectKey().getBytes(StandardCharsets.UTF_8));
            return prefix + target + "/" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.ringvault.systemtest;

/**
 * The backup suite with the embedded default store: a directory. The S3 backend runs the restore suite
 * ({@link S3RestoreSystemIT}), whose backups take the same path; the storage contract suite
 * ({@code storage/…/ObjectStoreContract}) and the uploader's contract on both stores prove the two stores equivalent, so
 * each suite runs on one store only.
 */
class FilesystemBackupSystemIT extends BackupSystemIT {
    @Override
    boolean s3() {
        return false;
    }
}

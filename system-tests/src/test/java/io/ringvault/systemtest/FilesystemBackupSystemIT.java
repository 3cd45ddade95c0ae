package io.ringvault.systemtest;

/** The backup suite with the embedded default store: a directory. */
class FilesystemBackupSystemIT extends BackupSystemIT {
    @Override
    boolean s3() {
        return false;
    }
}

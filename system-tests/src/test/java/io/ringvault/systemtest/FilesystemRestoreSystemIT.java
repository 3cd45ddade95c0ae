package io.ringvault.systemtest;

/** The restore suite with the embedded default store: a directory. */
class FilesystemRestoreSystemIT extends RestoreSystemIT {
    @Override
    boolean s3() {
        return false;
    }
}

package io.ringvault.systemtest;

/**
 * The restore suite with the S3 backend, against s3proxy: a backup-and-restore round trip on S3. The filesystem store
 * has its round trip in the demo ({@code launcher/…/LauncherIT}) and runs the backup suite
 * ({@link FilesystemBackupSystemIT}).
 */
class S3RestoreSystemIT extends RestoreSystemIT {
    @Override
    boolean s3() {
        return true;
    }
}

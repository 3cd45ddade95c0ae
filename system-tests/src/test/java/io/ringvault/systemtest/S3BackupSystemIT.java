package io.ringvault.systemtest;

/** The same backup suite with the S3 backend, against s3proxy. */
class S3BackupSystemIT extends BackupSystemIT {
    @Override
    boolean s3() {
        return true;
    }
}

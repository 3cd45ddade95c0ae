package io.ringvault.systemtest;

/** The same restore suite with the S3 backend, against s3proxy. */
class S3RestoreSystemIT extends RestoreSystemIT {
    @Override
    boolean s3() {
        return true;
    }
}

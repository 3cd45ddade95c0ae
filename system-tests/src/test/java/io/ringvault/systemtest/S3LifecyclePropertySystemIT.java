package io.ringvault.systemtest;

/** The lifecycle property on the S3 store (s3proxy). */
class S3LifecyclePropertySystemIT extends LifecyclePropertySystemIT {
    @Override
    boolean s3() {
        return true;
    }
}

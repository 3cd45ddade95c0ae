package io.ringvault.systemtest;

/** The lifecycle property on the filesystem store. */
class FilesystemLifecyclePropertySystemIT extends LifecyclePropertySystemIT {
    @Override
    boolean s3() {
        return false;
    }
}

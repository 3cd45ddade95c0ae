package io.ringvault.uploader.upload;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;

/**
 * What a transfer's stream throws once its backup is cancelled, so the object store stops reading and abandons the
 * object (an S3 multipart upload is aborted, a filesystem temporary file deleted). Never retried: its reason is
 * {@link FailureReason#CANCELLED}.
 */
final class TransferCancelled extends IOException implements ClassifiedFailure {
    TransferCancelled(String backupId, Throwable cause) {
        super("backup " + backupId + " was cancelled", cause);
    }

    @Override
    public FailureReason reason() {
        return FailureReason.CANCELLED;
    }
}

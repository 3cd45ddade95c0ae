package io.ringvault.uploader.upload;

import java.io.IOException;

/**
 * What a transfer's stream throws once its backup is cancelled, so the object store stops reading and abandons the
 * object (an S3 multipart upload is aborted, a filesystem temporary file deleted). Never retried.
 */
final class TransferCancelled extends IOException {
    TransferCancelled(String backupId, Throwable cause) {
        super("backup " + backupId + " was cancelled", cause);
    }
}

package io.ringvault.uploader.upload;

/**
 * The file's backup was cancelled: nothing is to be published for it. Thrown by {@link FileUploader} where it checks
 * (before a lookup or an upload starts, when an upload in flight was aborted, when one finished after the cancel),
 * caught by whoever publishes outcomes, which drops the file.
 */
public class UploadCancelled extends RuntimeException {
    private final String backupId;
    private final boolean inFlight;

    /**
     * @param inFlight true when the file's upload had started (it was aborted, or its outcome is not published), false
     *     when the file was dropped before any byte moved
     */
    public UploadCancelled(String backupId, String reason, boolean inFlight) {
        super(reason, null, false, false);
        this.backupId = backupId;
        this.inFlight = inFlight;
    }

    public String backupId() {
        return backupId;
    }

    /** Why the backup was cancelled, as the cancel said. */
    public String reason() {
        return getMessage();
    }

    public boolean inFlight() {
        return inFlight;
    }
}

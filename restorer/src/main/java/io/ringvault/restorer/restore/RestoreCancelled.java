package io.ringvault.restorer.restore;

/** The operation was cancelled while a restore ran; thrown where the restorer checks, caught where it cleans up. */
public class RestoreCancelled extends RuntimeException {
    public RestoreCancelled(String reason) {
        super(reason);
    }
}

package io.ringvault.restorer.restore;

/** Another node of the same table failed: this one stops too. Never the failure a restore reports. */
final class TableAborted extends RuntimeException {
    TableAborted() {
        super("stopped: another node of the table failed", null, false, false);
    }
}

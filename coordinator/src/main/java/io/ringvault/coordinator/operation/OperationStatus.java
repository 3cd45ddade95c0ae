package io.ringvault.coordinator.operation;

/** Where an operation stands. */
public enum OperationStatus {
    ACCEPTED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}

package io.ringvault.coordinator.operation;

/** Where one node's part of an operation stands. */
public enum NodeStatus {
    PENDING,
    RUNNING,
    DONE,
    FAILED;

    public boolean isTerminal() {
        return this == DONE || this == FAILED;
    }
}

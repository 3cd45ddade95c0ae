package io.ringvault.coordinator.operation;

/** Where one datacenter's part of an operation stands, from the states of its nodes. */
public enum DatacenterState {
    /** Some of its nodes are still at work (or waiting to start). */
    RUNNING,
    /** Every one of its nodes is done. */
    COMPLETED,
    /** At least one of its nodes failed; {@link DatacenterView#failedNodes()} says which and why. */
    FAILED,
    /** The operation ended (it failed elsewhere, or was cancelled) before its nodes were done, none of them failed. */
    STOPPED,
    /** None of its nodes takes part: every node of it in scope was down when a partial backup was accepted. */
    MISSING;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}

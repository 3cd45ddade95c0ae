package io.ringvault.cli.render;

import io.ringvault.cli.client.Operation;

/** Shows each poll of an operation while it is watched. */
public interface ProgressDisplay {
    void show(Operation operation);
}

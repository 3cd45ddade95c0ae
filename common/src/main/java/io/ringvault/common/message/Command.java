package io.ringvault.common.message;

/**
 * An instruction from the coordinator to node agents, uploaders or restorers, on the commands topic. Every worker sees
 * every command and acts only on those addressed to it.
 */
public sealed interface Command extends Payload
        permits TakeSnapshot,
                ClearSnapshot,
                CancelOperation,
                StartRestore,
                StartVerify,
                StartDelete,
                StartPurge,
                StartGc,
                StartCopy {}

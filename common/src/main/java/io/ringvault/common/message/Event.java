package io.ringvault.common.message;

/**
 * Something that happened. Events about operations go to the events topic, which is the audit trail and the only
 * source of the coordinator's state; {@link FileReady} goes to the files topic so uploads scale out.
 */
public sealed interface Event extends Payload
        permits OperationAccepted,
                RequestRejected,
                SnapshotTaken,
                FileReady,
                FileStored,
                NodeFailed,
                OperationCompleted,
                OperationFailed,
                OperationCancelled,
                RestorePlanned,
                RestoreProgress,
                RestoreFinished,
                VerifyProgress,
                VerifyFinished,
                DeleteProgress,
                DeleteFinished,
                PurgeProgress,
                PurgeFinished,
                GcProgress,
                GcFinished,
                CopyProgress,
                CopyFinished,
                ScheduleEvent {}

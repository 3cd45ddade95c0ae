package io.ringvault.common.message;

/**
 * A request any system may publish on the requests topic (or send to the coordinator's REST API). The CloudEvent
 * {@code id} of a request is its idempotency key and becomes the operation id.
 */
public sealed interface Request extends Payload
        permits BackupRequested,
                RestoreRequested,
                CancelRequested,
                VerifyRequested,
                DeleteRequested,
                PurgeRequested,
                GcRequested,
                CopyRequested,
                ScheduleRequest {}

package io.ringvault.common;

import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.CancelRequested;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.RequestRejected;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleCreated;
import io.ringvault.common.message.ScheduleDeleteRequested;
import io.ringvault.common.message.ScheduleDeleted;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.SchedulePaused;
import io.ringvault.common.message.ScheduleResumeRequested;
import io.ringvault.common.message.ScheduleResumed;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.StartCopy;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartGc;
import io.ringvault.common.message.StartPurge;
import io.ringvault.common.message.StartRestore;
import io.ringvault.common.message.StartVerify;
import io.ringvault.common.message.TakeSnapshot;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.common.message.VerifyRequested;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every message type of the contract: its CloudEvent {@code type} (a short stable name, never a Java class name), its
 * payload record, the topic it travels on, and the JSON Schema of its {@code data}.
 */
public enum MessageType {
    BACKUP_REQUESTED("io.ringvault.backup.requested", BackupRequested.class, Topic.REQUESTS),
    RESTORE_REQUESTED("io.ringvault.restore.requested", RestoreRequested.class, Topic.REQUESTS),
    CANCEL_REQUESTED("io.ringvault.operation.cancel.requested", CancelRequested.class, Topic.REQUESTS),
    VERIFY_REQUESTED("io.ringvault.backup.verify.requested", VerifyRequested.class, Topic.REQUESTS),
    DELETE_REQUESTED("io.ringvault.backup.delete.requested", DeleteRequested.class, Topic.REQUESTS),
    PURGE_REQUESTED("io.ringvault.backup.purge.requested", PurgeRequested.class, Topic.REQUESTS),
    GC_REQUESTED("io.ringvault.backup.gc.requested", GcRequested.class, Topic.REQUESTS),
    COPY_REQUESTED("io.ringvault.backup.copy.requested", CopyRequested.class, Topic.REQUESTS),
    SCHEDULE_CREATE_REQUESTED("io.ringvault.schedule.create.requested", ScheduleCreateRequested.class, Topic.REQUESTS),
    SCHEDULE_PAUSE_REQUESTED("io.ringvault.schedule.pause.requested", SchedulePauseRequested.class, Topic.REQUESTS),
    SCHEDULE_RESUME_REQUESTED("io.ringvault.schedule.resume.requested", ScheduleResumeRequested.class, Topic.REQUESTS),
    SCHEDULE_DELETE_REQUESTED("io.ringvault.schedule.delete.requested", ScheduleDeleteRequested.class, Topic.REQUESTS),

    TAKE_SNAPSHOT("io.ringvault.node.snapshot.command", TakeSnapshot.class, Topic.COMMANDS),
    CLEAR_SNAPSHOT("io.ringvault.node.snapshot.clear.command", ClearSnapshot.class, Topic.COMMANDS),
    CANCEL_OPERATION("io.ringvault.operation.cancel.command", CancelOperation.class, Topic.COMMANDS),
    START_RESTORE("io.ringvault.restore.command", StartRestore.class, Topic.COMMANDS),
    START_VERIFY("io.ringvault.backup.verify.command", StartVerify.class, Topic.COMMANDS),
    START_DELETE("io.ringvault.backup.delete.command", StartDelete.class, Topic.COMMANDS),
    START_PURGE("io.ringvault.backup.purge.command", StartPurge.class, Topic.COMMANDS),
    START_GC("io.ringvault.backup.gc.command", StartGc.class, Topic.COMMANDS),
    START_COPY("io.ringvault.backup.copy.command", StartCopy.class, Topic.COMMANDS),

    FILE_READY("io.ringvault.file.ready", FileReady.class, Topic.FILES),

    OPERATION_ACCEPTED("io.ringvault.operation.accepted", OperationAccepted.class, Topic.EVENTS),
    REQUEST_REJECTED("io.ringvault.request.rejected", RequestRejected.class, Topic.EVENTS),
    SNAPSHOT_TAKEN("io.ringvault.node.snapshot.taken", SnapshotTaken.class, Topic.EVENTS),
    FILE_STORED("io.ringvault.file.stored", FileStored.class, Topic.EVENTS),
    NODE_FAILED("io.ringvault.node.failed", NodeFailed.class, Topic.EVENTS),
    OPERATION_COMPLETED("io.ringvault.operation.completed", OperationCompleted.class, Topic.EVENTS),
    OPERATION_FAILED("io.ringvault.operation.failed", OperationFailed.class, Topic.EVENTS),
    OPERATION_CANCELLED("io.ringvault.operation.cancelled", OperationCancelled.class, Topic.EVENTS),
    RESTORE_PLANNED("io.ringvault.restore.planned", RestorePlanned.class, Topic.EVENTS),
    RESTORE_PROGRESS("io.ringvault.restore.progress", RestoreProgress.class, Topic.EVENTS),
    RESTORE_FINISHED("io.ringvault.restore.finished", RestoreFinished.class, Topic.EVENTS),
    VERIFY_PROGRESS("io.ringvault.backup.verify.progress", VerifyProgress.class, Topic.EVENTS),
    VERIFY_FINISHED("io.ringvault.backup.verify.finished", VerifyFinished.class, Topic.EVENTS),
    DELETE_PROGRESS("io.ringvault.backup.delete.progress", DeleteProgress.class, Topic.EVENTS),
    DELETE_FINISHED("io.ringvault.backup.delete.finished", DeleteFinished.class, Topic.EVENTS),
    PURGE_PROGRESS("io.ringvault.backup.purge.progress", PurgeProgress.class, Topic.EVENTS),
    PURGE_FINISHED("io.ringvault.backup.purge.finished", PurgeFinished.class, Topic.EVENTS),
    GC_PROGRESS("io.ringvault.backup.gc.progress", GcProgress.class, Topic.EVENTS),
    GC_FINISHED("io.ringvault.backup.gc.finished", GcFinished.class, Topic.EVENTS),
    COPY_PROGRESS("io.ringvault.backup.copy.progress", CopyProgress.class, Topic.EVENTS),
    COPY_FINISHED("io.ringvault.backup.copy.finished", CopyFinished.class, Topic.EVENTS),
    SCHEDULE_CREATED("io.ringvault.schedule.created", ScheduleCreated.class, Topic.EVENTS),
    SCHEDULE_PAUSED("io.ringvault.schedule.paused", SchedulePaused.class, Topic.EVENTS),
    SCHEDULE_RESUMED("io.ringvault.schedule.resumed", ScheduleResumed.class, Topic.EVENTS),
    SCHEDULE_DELETED("io.ringvault.schedule.deleted", ScheduleDeleted.class, Topic.EVENTS),
    SCHEDULE_FIRED("io.ringvault.schedule.fired", ScheduleFired.class, Topic.EVENTS),
    SCHEDULE_MISSED("io.ringvault.schedule.missed", ScheduleMissed.class, Topic.EVENTS);

    /**
     * The version of the schemas. Adding an optional field keeps it; only a change that old readers cannot read would
     * raise it (and would be published beside the old version, not instead of it).
     */
    public static final int SCHEMA_VERSION = 1;

    /** Where the schemas are published: {@code <base><type>.json}, also in this jar under {@code /schemas/v1/}. */
    public static final String SCHEMA_BASE_URI = "https://ringvault.io/schemas/v" + SCHEMA_VERSION + "/";

    private static final Map<String, MessageType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::type, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_PAYLOAD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MessageType::payloadType, Function.identity()));

    private final String type;
    private final Class<? extends Payload> payloadType;
    private final Topic topic;

    MessageType(String type, Class<? extends Payload> payloadType, Topic topic) {
        this.type = type;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    /** The CloudEvent {@code type}. */
    public String type() {
        return type;
    }

    public Class<? extends Payload> payloadType() {
        return payloadType;
    }

    /** The topic this type travels on. */
    public Topic topic() {
        return topic;
    }

    /** The CloudEvent {@code dataschema}: the JSON Schema of the payload. */
    public URI dataSchema() {
        return URI.create(SCHEMA_BASE_URI + type + ".json");
    }

    /** The classpath resource holding the schema. */
    public String schemaResource() {
        return "/schemas/v" + SCHEMA_VERSION + "/" + type + ".json";
    }

    public static Optional<MessageType> ofType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static MessageType of(Payload payload) {
        MessageType type = BY_PAYLOAD.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no message type for " + payload.getClass());
        }
        return type;
    }
}

package io.ringvault.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The restore request's optional {@code repair}: written only when asked for, carried to the restorer. */
class RestoreRequestedTest {
    private static final CloudEventCodec CODEC = new CloudEventCodec();

    @Test
    void shouldWriteRepairOnlyWhenItIsAskedFor() {
        RestoreRequested withRepair = request(true);
        RestoreRequested withoutRepair = request(false);

        assertThat(withRepair.repair()).isTrue();
        assertThat(withRepair.repairAfter()).isTrue();
        assertThat(withoutRepair.repair()).isNull();
        assertThat(withoutRepair.repairAfter()).isFalse();
        assertThat(data(withRepair).get("repair").asBoolean()).isTrue();
        // false reads as before the field existed: no field at all.
        assertThat(data(withoutRepair).has("repair")).isFalse();
    }

    @Test
    void shouldKeepTheConstructorsWrittenBeforeRepair() {
        RestoreRequested dryRun =
                new RestoreRequested("backup-1", List.of("shop"), null, null, "alice", null, null, null, null, true);
        RestoreRequested short4 = new RestoreRequested("backup-1", List.of("shop"), null, "alice");

        assertThat(dryRun.planOnly()).isTrue();
        assertThat(dryRun.repair()).isNull();
        assertThat(short4.repairAfter()).isFalse();
    }

    @Test
    void shouldRoundTripRepairInTheRequestAndTheRestoreCommand() {
        RestoreRequested request = request(true);
        StartRestore command = new StartRestore(request, "shop-prod");

        Envelope<Payload> decodedRequest = CODEC.decode(CODEC.encode(Envelope.of("/ops", "op-1", request)));
        Envelope<Payload> decodedCommand = CODEC.decode(CODEC.encode(Envelope.of("/ringvault", "op-1", command)));

        assertThat(decodedRequest.data()).isEqualTo(request);
        assertThat(((StartRestore) decodedCommand.data()).request().repairAfter())
                .isTrue();
    }

    @Test
    void shouldReadARequestWithoutRepairAndIgnoreFieldsItDoesNotKnow() {
        String json = """
                {"specversion":"1.0","id":"req-1","source":"/ops","type":"io.ringvault.restore.requested",
                 "datacontenttype":"application/json",
                 "data":{"backupId":"backup-1","repairOptions":{"later":"field"}}}
                """;

        RestoreRequested read = (RestoreRequested) CODEC.decode(json).data();

        assertThat(read.backupId()).isEqualTo("backup-1");
        assertThat(read.repairAfter()).isFalse();
    }

    private static RestoreRequested request(boolean repair) {
        return new RestoreRequested(
                "backup-1", List.of("shop"), null, null, "alice", null, null, null, null, null, repair);
    }

    private static JsonNode data(RestoreRequested request) {
        return CODEC.toJson(Envelope.of("/ops", "op-1", request)).get("data");
    }
}

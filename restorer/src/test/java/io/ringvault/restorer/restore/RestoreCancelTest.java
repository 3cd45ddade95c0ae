package io.ringvault.restorer.restore;

import static io.ringvault.restorer.restore.RestoreHarness.AGENT_1;
import static io.ringvault.restorer.restore.RestoreHarness.AGENT_2;
import static io.ringvault.restorer.restore.RestoreHarness.OP;
import static io.ringvault.restorer.restore.TestBackup.ORDERS;
import static io.ringvault.restorer.restore.TestBackup.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.message.RestoreFinished;
import io.ringvault.restorer.restore.FakeAgents.Call;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancelled restore stops where it checks, removes the staging on every node and reports what it imported. */
class RestoreCancelTest {
    @TempDir
    Path objects;

    RestoreHarness world;

    @BeforeEach
    void setUp() {
        world = new RestoreHarness(objects);
        world.backup.write();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void shouldStopADownloadCleanUpAndReportTheTablesImportedSoFar() {
        world.agents.onCall((call, agentUrl, table) -> {
            if (call == Call.UPLOAD && USERS.equals(table)) {
                world.cancels.cancel(OP, "stopped by the operator");
            }
        });

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.CANCELLED);
        assertThat(finished.reason().code()).isEqualTo("cancelled");
        assertThat(finished.detail()).isEqualTo("stopped by the operator");
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.events.finished()).containsExactly(finished);
        assertThat(world.agents.calls("IMPORT")).noneMatch(call -> call.contains(USERS));
        assertThat(world.agents.calls("DELETE")).containsExactlyInAnyOrder("DELETE " + AGENT_1, "DELETE " + AGENT_2);
        assertThat(world.agents.stagedFiles(AGENT_1, USERS)).isEmpty();
        assertThat(world.agents.stagedFiles(AGENT_2, USERS)).isEmpty();
        // The cancel reached the transfers between chunks: none of the file being sent when it came counts as done.
        assertThat(world.files("downloaded")).isEqualTo(4);
    }

    @Test
    void shouldLetAnImportInProgressFinishAndStopBeforeTheNextTable() {
        // One node at a time, so that the cancel comes while the second node imports the first table.
        world.nodeParallelism = 1;
        world.agents.onCall((call, agentUrl, table) -> {
            if (call == Call.IMPORT && AGENT_2.equals(agentUrl) && ORDERS.equals(table)) {
                world.cancels.cancel(OP, "stopped by the operator");
            }
        });

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.CANCELLED);
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.agents.calls("IMPORT"))
                .containsExactly("IMPORT " + AGENT_1 + " " + ORDERS, "IMPORT " + AGENT_2 + " " + ORDERS);
        assertThat(world.agents.calls()).noneMatch(call -> call.contains(USERS));
        assertThat(world.agents.calls("DELETE")).hasSize(2);
    }

    @Test
    void shouldCancelAtOnceWhenTheCancelCameBeforeTheCommand() {
        world.cancels.cancel(OP, "no longer needed");

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.CANCELLED);
        assertThat(finished.detail()).isEqualTo("no longer needed");
        assertThat(finished.importedTables()).isEmpty();
        assertThat(world.events.planned()).isEmpty();
        assertThat(world.agents.calls()).isEmpty();
        assertThat(world.meters
                        .get("ringvault.restorer.restores")
                        .tag("outcome", "cancelled")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}

package io.ringvault.restorer.restore;

import static io.ringvault.restorer.restore.RestoreHarness.AGENT_1;
import static io.ringvault.restorer.restore.RestoreHarness.AGENT_2;
import static io.ringvault.restorer.restore.TestBackup.DATA;
import static io.ringvault.restorer.restore.TestBackup.INDEX;
import static io.ringvault.restorer.restore.TestBackup.NODE_1;
import static io.ringvault.restorer.restore.TestBackup.ORDERS;
import static io.ringvault.restorer.restore.TestBackup.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore command delivered again (the restorer died before committing it) continues the same operation: what the
 * agents hold staged and verified is not fetched again, tables imported are not imported or truncated again.
 */
class RestoreResumeTest {
    /** Stands for the restorer's process dying: an Error, which nothing in the service handles or cleans up after. */
    static final class RestorerKilled extends Error {
        RestorerKilled() {
            super("the restorer's process was killed");
        }
    }

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
    void shouldContinueAfterARestartWithoutFetchingStagedFilesOrRedoingImportedTables() {
        // First delivery: the restorer dies once the second table is staged on every node, as it truncates it.
        world.cluster.onTruncate = table -> {
            if (table.equals(USERS)) {
                throw new RestorerKilled();
            }
        };
        assertThatThrownBy(() -> world.restore(true)).isInstanceOf(RestorerKilled.class);
        assertThat(world.events.finished()).isEmpty();
        assertThat(world.agents.importedTables(AGENT_1)).containsExactly(ORDERS);
        assertThat(world.agents.stagedFiles(AGENT_2, USERS)).containsExactly(DATA, INDEX);

        // Second delivery, to a restarted restorer.
        world.cluster.onTruncate = table -> {};
        world.meters = new SimpleMeterRegistry();
        world.agents.forgetCalls();
        int eventsBefore = world.events.progress().size();
        RestoreFinished finished = world.restore(true);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).containsExactly(ORDERS, USERS);
        assertThat(world.agents.calls("UPLOAD")).isEmpty();
        assertThat(world.files("downloaded")).isZero();
        assertThat(world.files("skipped")).isEqualTo(4);
        assertThat(world.agents.calls("IMPORT"))
                .containsExactlyInAnyOrder("IMPORT " + AGENT_1 + " " + USERS, "IMPORT " + AGENT_2 + " " + USERS);
        assertThat(world.cluster.truncated)
                .as("the first table was truncated by the first delivery only: its rows are the imported ones now")
                .containsExactly(ORDERS, USERS);
        assertThat(world.events
                        .progress()
                        .subList(eventsBefore, world.events.progress().size()))
                .filteredOn(p -> p.phase() == RestorePhase.DONE)
                .hasSize(4)
                .allSatisfy(p -> assertThat(p.bytesDone()).isEqualTo(p.bytesTotal()));
    }

    @Test
    void shouldFetchAgainOnlyTheStagedFilesThatDoNotMatchTheManifest() {
        byte[] data = TestBackup.content(NODE_1, ORDERS, DATA).getBytes(StandardCharsets.UTF_8);
        byte[] index = TestBackup.content(NODE_1, ORDERS, INDEX).getBytes(StandardCharsets.UTF_8);
        world.agents
                .staged(AGENT_1, ORDERS, DATA, data.length, TestBackup.sha256(data))
                // Staged by an attempt of another backup, say: same name, other bytes.
                .staged(AGENT_1, ORDERS, INDEX, index.length, TestBackup.sha256("other".getBytes()));

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(world.agents.calls("UPLOAD " + AGENT_1 + " " + ORDERS))
                .containsExactly("UPLOAD " + AGENT_1 + " " + ORDERS + " " + INDEX);
        assertThat(world.agents.calls("UPLOAD " + AGENT_2 + " " + ORDERS)).hasSize(2);
        assertThat(world.files("skipped")).isEqualTo(1);
        assertThat(world.files("downloaded")).isEqualTo(7);
    }
}

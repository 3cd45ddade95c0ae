package io.ringvault.uploader.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBudgetTest {
    /** A poll's records as the listener meets them: a file's announced size, or null for a dead-lettered record. */
    private static List<Long> batchOf(BatchBudget budget, Long... poll) {
        List<Long> files = new ArrayList<>();
        for (Long size : poll) {
            if (size == null) {
                budget.takeWithoutFile();
            } else if (budget.take(size)) {
                files.add(size);
            } else {
                break;
            }
        }
        return files;
    }

    @Test
    void shouldTakeTheWholePollWhenItsFilesFitTheBudget() {
        BatchBudget budget = new BatchBudget(1_000);

        assertThat(batchOf(budget, 100L, 200L, 300L, 400L)).containsExactly(100L, 200L, 300L, 400L);
        assertThat(budget.taken()).isEqualTo(4);
        assertThat(budget.bytes()).isEqualTo(1_000);
        assertThat(budget.cut(4)).isFalse();
    }

    @Test
    void shouldEndTheBatchBeforeTheFirstFileThatWouldPassTheBudget() {
        BatchBudget budget = new BatchBudget(1_000);

        assertThat(batchOf(budget, 400L, 500L, 200L, 10L)).containsExactly(400L, 500L);
        assertThat(budget.taken())
                .as("the index the rest of the poll is handed back from")
                .isEqualTo(2);
        assertThat(budget.bytes()).isEqualTo(900);
        assertThat(budget.cut(4)).isTrue();
    }

    @Test
    void shouldTakeAFirstFileLargerThanTheBudgetAlone() {
        BatchBudget budget = new BatchBudget(1_000);

        assertThat(batchOf(budget, 5_000L, 1L)).containsExactly(5_000L);
        assertThat(budget.taken()).isEqualTo(1);
        assertThat(budget.cut(2)).isTrue();
    }

    @Test
    void shouldTakeNoLaterFileOnceTheBatchHasEnded() {
        BatchBudget budget = new BatchBudget(1_000);
        budget.take(900);

        assertThat(budget.take(200)).isFalse();
        // Smaller, and it would fit: but the poll is handed back from the file that did not, so it comes again.
        assertThat(budget.take(50)).isFalse();
        assertThat(budget.taken()).isEqualTo(1);
        assertThat(budget.bytes()).isEqualTo(900);
    }

    @Test
    void shouldCountRejectedRecordsIntoTheBatchAtNoCost() {
        BatchBudget budget = new BatchBudget(1_000);

        assertThat(batchOf(budget, null, 600L, null, 400L, null, 1L, 2L)).containsExactly(600L, 400L);
        assertThat(budget.taken())
                .as("the rejected records before the cut are committed with the batch")
                .isEqualTo(5);
        assertThat(budget.files()).isEqualTo(2);
        assertThat(budget.cut(7)).isTrue();
    }

    @Test
    void shouldNotStartTheBudgetWithRejectedRecords() {
        BatchBudget budget = new BatchBudget(1_000);

        // However many dead-lettered records come first, the first file is still taken, whatever its size.
        assertThat(batchOf(budget, null, null, 2_000L)).containsExactly(2_000L);
        assertThat(budget.taken()).isEqualTo(3);
        assertThat(budget.cut(3)).isFalse();
    }

    @Test
    void shouldTakeEmptyFilesEvenWhenTheBudgetIsSpent() {
        BatchBudget budget = new BatchBudget(1_000);

        assertThat(batchOf(budget, 1_000L, 0L, 0L)).containsExactly(1_000L, 0L, 0L);
        assertThat(budget.cut(3)).isFalse();
    }

    @Test
    void shouldRefuseARejectedRecordAfterTheCut() {
        BatchBudget budget = new BatchBudget(1_000);
        budget.take(1_000);
        budget.take(1);

        assertThatThrownBy(budget::takeWithoutFile).isInstanceOf(IllegalStateException.class);
        assertThat(budget.taken()).isEqualTo(1);
    }

    @Test
    void shouldRefuseABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new BatchBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.ringvault.agentapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import org.junit.jupiter.api.Test;

class AgentReasonsTest {
    @Test
    void shouldAnswerEveryDeclaredReasonWithAnErrorStatus() {
        assertThat(AgentReasons.all()).doesNotHaveDuplicates().isNotEmpty();
        for (FailureReason reason : AgentReasons.all()) {
            assertThat(AgentReasons.declares(reason)).isTrue();
            assertThat(AgentReasons.status(reason)).as(reason.code()).isBetween(400, 599);
        }
    }

    @Test
    void shouldRefuseToAnswerAReasonTheContractDoesNotDeclare() {
        assertThat(AgentReasons.declares(FailureReason.UNKNOWN_KEYSPACE)).isFalse();
        assertThatThrownBy(() -> AgentReasons.status(FailureReason.UNKNOWN_KEYSPACE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown-keyspace");
    }

    @Test
    void shouldTakeTheReasonAnAnswerNames() {
        assertThat(AgentReasons.ofAnswer(409, "staging-busy")).isEqualTo(FailureReason.STAGING_BUSY);
        // The reason wins over the status: a 500 that says checksum-mismatch is not retried.
        assertThat(AgentReasons.ofAnswer(500, "checksum-mismatch")).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
    }

    @Test
    void shouldJudgeAnAnswerWithoutAKnownReasonByItsStatus() {
        assertThat(AgentReasons.ofAnswer(408, null)).isEqualTo(FailureReason.TIMEOUT);
        assertThat(AgentReasons.ofAnswer(429, "a-newer-reason")).isEqualTo(FailureReason.THROTTLED);
        assertThat(AgentReasons.ofAnswer(503, null)).isEqualTo(FailureReason.SERVER_ERROR);
        assertThat(AgentReasons.ofAnswer(507, null)).isEqualTo(FailureReason.INSUFFICIENT_SPACE);
        assertThat(AgentReasons.ofAnswer(403, null)).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(AgentReasons.ofAnswer(404, null)).isEqualTo(FailureReason.INVALID_REQUEST);

        assertThat(AgentReasons.ofAnswer(502, "a-newer-reason").retryable()).isTrue();
        assertThat(AgentReasons.ofAnswer(507, "a-newer-reason").retryable()).isFalse();
        assertThat(AgentReasons.ofAnswer(400, "a-newer-reason").retryable()).isFalse();
    }
}

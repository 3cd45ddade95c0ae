package io.ringvault.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.coordinator.cluster.ClusterUnavailableException;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.ServletWebRequest;

class ProblemHandlerTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProblemHandler handler = new ProblemHandler(meters);

    @Test
    void shouldAnswerARefusalWithItsReasonAsCodeTypeAndTitle() {
        ProblemDetail problem = handler.rejected(RequestRejectedException.invalid(
                FailureReason.UNKNOWN_KEYSPACE, "keyspace 'shopp' does not exist in the cluster"));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getProperties()).containsEntry("reason", "unknown-keyspace");
        assertThat(problem.getType()).isEqualTo(URI.create("https://ringvault.io/problems/unknown-keyspace"));
        assertThat(problem.getTitle()).isEqualTo(FailureReason.UNKNOWN_KEYSPACE.message());
        assertThat(problem.getDetail()).isEqualTo("keyspace 'shopp' does not exist in the cluster");
        assertThat(meters.counter("ringvault.requests.rejected", "reason", "unknown-keyspace", "channel", "rest")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepTheStatusOfTheRefusal() {
        assertThat(handler.rejected(RequestRejectedException.notFound(FailureReason.UNKNOWN_BACKUP, "no b1"))
                        .getStatus())
                .isEqualTo(404);
        assertThat(handler.rejected(RequestRejectedException.conflict(FailureReason.OPERATION_OVER, "over"))
                        .getStatus())
                .isEqualTo(409);
    }

    @Test
    void shouldAnswerAnUnreachableClusterAsRetryable() {
        ProblemDetail problem =
                handler.clusterUnavailable(new ClusterUnavailableException("no contact point answered", null));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getProperties()).containsEntry("reason", "cluster-unavailable");
        assertThat(FailureReason.CLUSTER_UNAVAILABLE.retryable()).isTrue();
    }

    @Test
    void shouldGiveSpringsOwnRefusalsAReasonFromTheirStatus() throws Exception {
        ResponseEntity<Object> unsupported = handler.handleException(
                new HttpMediaTypeNotSupportedException(
                        MediaType.MULTIPART_FORM_DATA, List.of(MediaType.APPLICATION_JSON)),
                new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/backups")));
        ResponseEntity<Object> method = handler.handleException(
                new HttpRequestMethodNotSupportedException("PUT", List.of("GET", "DELETE")),
                new ServletWebRequest(new MockHttpServletRequest("PUT", "/api/v1/backups/b1")));

        assertThat(unsupported.getStatusCode().value()).isEqualTo(415);
        assertThat(((ProblemDetail) unsupported.getBody()).getProperties())
                .containsEntry("reason", "unsupported-content-type");
        assertThat(method.getStatusCode().value()).isEqualTo(405);
        assertThat(((ProblemDetail) method.getBody()).getProperties()).containsEntry("reason", "invalid-request");
        assertThat(((ProblemDetail) method.getBody()).getType())
                .isEqualTo(URI.create("https://ringvault.io/problems/invalid-request"));
        assertThat(method.getHeaders().getFirst(HttpHeaders.ALLOW)).contains("GET", "DELETE");
    }
}

package io.ringvault.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CoordinatorClientTest {
    @Test
    void shouldReadAnRfc9457Problem() {
        Problem problem = CoordinatorClient.problemOf(400, """
                {"type":"https://ringvault.io/problems/invalid-data","title":"invalid data","status":400,
                 "detail":"keyspaces is required","instance":"/api/v1/backups","reason":"invalid-data"}""");

        assertThat(problem.title()).isEqualTo("invalid data");
        assertThat(problem.detail()).isEqualTo("keyspaces is required");
        assertThat(new CoordinatorRejectedException(null, 400, problem).getMessage())
                .isEqualTo("invalid data (400): keyspaces is required");
    }

    @Test
    void shouldMakeDoWithAnErrorThatIsNotAProblem() {
        Problem html = CoordinatorClient.problemOf(502, "<html>\n<body>Bad Gateway</body></html>");
        Problem empty = CoordinatorClient.problemOf(404, "");

        assertThat(new CoordinatorRejectedException(null, 502, html).getMessage())
                .isEqualTo("HTTP 502 (502): <html>");
        assertThat(new CoordinatorRejectedException(null, 404, empty).getMessage())
                .isEqualTo("HTTP 404 (404)");
    }

    @Test
    void shouldExplainAConnectionFailureEvenWithoutAMessage() {
        assertThat(CoordinatorClient.reasonOf(new ConnectException())).isEqualTo("connection refused");
        assertThat(CoordinatorClient.reasonOf(new IOException("boom", new ConnectException("Connection refused"))))
                .isEqualTo("boom");
    }
}

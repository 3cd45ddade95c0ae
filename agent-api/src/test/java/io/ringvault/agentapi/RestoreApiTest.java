package io.ringvault.agentapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The import's body and answer as JSON: the method's codes, and bodies written before the method existed. */
class RestoreApiTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldReadAnImportBodyWithOrWithoutItsMethod() {
        RestoreApi.ImportRequest old = json.readValue("{\"truncate\":true}", RestoreApi.ImportRequest.class);
        RestoreApi.ImportRequest stream =
                json.readValue("{\"truncate\":false,\"method\":\"stream\"}", RestoreApi.ImportRequest.class);

        assertThat(old.truncate()).isTrue();
        assertThat(old.methodOrDefault()).isEqualTo(RestoreApi.ImportMethod.IMPORT);
        assertThat(stream.methodOrDefault()).isEqualTo(RestoreApi.ImportMethod.STREAM);
        assertThat(json.writeValueAsString(new RestoreApi.ImportRequest(false, RestoreApi.ImportMethod.STREAM)))
                .isEqualTo("{\"truncate\":false,\"method\":\"stream\"}");
    }

    @Test
    void shouldRefuseAMethodItDoesNotKnow() {
        assertThatThrownBy(() -> json.readValue("{\"method\":\"teleport\"}", RestoreApi.ImportRequest.class))
                .hasMessageContaining("teleport");
    }

    @Test
    void shouldReadAnAnswerWithoutAMethodAsBefore() {
        RestoreApi.Imported imported = json.readValue(
                "{\"keyspace\":\"shop\",\"table\":\"users\",\"importedFiles\":2,\"importedBytes\":9,"
                        + "\"truncated\":false,\"alreadyImported\":false}",
                RestoreApi.Imported.class);

        assertThat(imported.method()).isNull();
        assertThat(imported.importedFiles()).isEqualTo(2);
    }
}

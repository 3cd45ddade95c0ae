package io.ringvault.coordinator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.message.OperationKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class EndpointRolesTest {

    private static Role needed(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return EndpointRoles.needed(request);
    }

    @Test
    void shouldLetViewersReadAndOperatorsBackUpAndAdminsChangeData() {
        assertThat(needed("GET", "/api/v1/operations")).isEqualTo(Role.VIEWER);
        assertThat(needed("GET", "/api/v1/backups/b1/tokens")).isEqualTo(Role.VIEWER);
        assertThat(needed("GET", "/actuator/prometheus")).isEqualTo(Role.VIEWER);
        assertThat(needed("POST", "/api/v1/backups")).isEqualTo(Role.OPERATOR);
        assertThat(needed("POST", "/api/v1/backups/b1/verify")).isEqualTo(Role.OPERATOR);
        assertThat(needed("POST", "/api/v1/backups/b1/copy")).isEqualTo(Role.OPERATOR);
        assertThat(needed("POST", "/api/v1/schedules/nightly/pause")).isEqualTo(Role.OPERATOR);
        assertThat(needed("DELETE", "/api/v1/schedules/nightly")).isEqualTo(Role.OPERATOR);
        assertThat(needed("POST", "/api/v1/restores")).isEqualTo(Role.ADMIN);
        assertThat(needed("DELETE", "/api/v1/backups/b1")).isEqualTo(Role.ADMIN);
        assertThat(needed("POST", "/api/v1/backups/purge")).isEqualTo(Role.ADMIN);
        assertThat(needed("POST", "/api/v1/backups/gc")).isEqualTo(Role.ADMIN);
    }

    @Test
    void shouldCloseWhatNoRuleNames() {
        assertThat(needed("PUT", "/api/v1/backups/b1")).isEqualTo(Role.ADMIN);
        assertThat(needed("POST", "/actuator/shutdown")).isEqualTo(Role.ADMIN);
    }

    @Test
    void shouldLetOperatorsCancelOnlyWhatTheyMayStart() {
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.BACKUP))).isEqualTo(Role.OPERATOR);
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.VERIFY))).isEqualTo(Role.OPERATOR);
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.COPY))).isEqualTo(Role.OPERATOR);
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.RESTORE))).isEqualTo(Role.ADMIN);
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.DELETE))).isEqualTo(Role.ADMIN);
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.PURGE))).isEqualTo(Role.ADMIN);
        assertThat(EndpointRoles.toCancel(Optional.of(OperationKind.GC))).isEqualTo(Role.ADMIN);
    }
}

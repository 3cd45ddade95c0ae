package io.ringvault.coordinator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
    private static final String CI_TOKEN = "rv_ci_0123456789abcdef0123456789abcdef";
    private static final String ADMIN_TOKEN = "rv_admin_fedcba9876543210fedcba9876543210";

    private static String hex(String token) {
        return HexFormat.of().formatHex(ApiTokens.sha256(token));
    }

    @Test
    void shouldHashTokensWithSha256OfTheirUtf8Bytes() {
        // printf %s abc | sha256sum
        assertThat(hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldMatchAPresentedTokenToTheEntryWithItsDigest() {
        ApiTokens tokens = new ApiTokens(List.of(
                ApiToken.of("ci", "operator", hex(CI_TOKEN), "test"),
                ApiToken.of("alice", "ADMIN", hex(ADMIN_TOKEN).toUpperCase(), "test")));

        assertThat(tokens.match(CI_TOKEN)).map(ApiToken::name).contains("ci");
        assertThat(tokens.match(CI_TOKEN)).map(ApiToken::role).contains(Role.OPERATOR);
        assertThat(tokens.match(ADMIN_TOKEN)).map(ApiToken::name).contains("alice");
        assertThat(tokens.match(ADMIN_TOKEN)).map(ApiToken::role).contains(Role.ADMIN);
    }

    @Test
    void shouldMatchNothingForAnUnknownEmptyOrNearlyRightToken() {
        ApiTokens tokens = new ApiTokens(List.of(ApiToken.of("ci", "operator", hex(CI_TOKEN), "test")));

        assertThat(tokens.match("something-else")).isEmpty();
        assertThat(tokens.match("")).isEmpty();
        assertThat(tokens.match(null)).isEmpty();
        assertThat(tokens.match(CI_TOKEN + " ")).isEmpty();
        assertThat(tokens.match(CI_TOKEN.substring(1))).isEmpty();
        // The digest itself is not the token.
        assertThat(tokens.match(hex(CI_TOKEN))).isEmpty();
    }

    @Test
    void shouldRefuseADigestThatIsNotSha256HexWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiToken.of("ci", "operator", CI_TOKEN, "ringvault.coordinator.auth.tokens[0]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ringvault.coordinator.auth.tokens[0]")
                .hasMessageContaining("64 hex digits")
                .hasMessageNotContaining(CI_TOKEN);
    }

    @Test
    void shouldRefuseAnUnknownRoleNamingTheRolesThereAre() {
        assertThatThrownBy(() -> ApiToken.of("ci", "superuser", hex(CI_TOKEN), "tokens[0]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("viewer, operator, admin")
                .hasMessageContaining("superuser");
    }

    @Test
    void shouldRefuseTwoTokensOfTheSameName() {
        assertThatThrownBy(() -> new ApiTokens(List.of(
                        ApiToken.of("ci", "viewer", hex(CI_TOKEN), "t"),
                        ApiToken.of("ci", "admin", hex(ADMIN_TOKEN), "t"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ci'");
    }

    @Test
    void shouldNeverPrintTheDigestOrToken() {
        ApiToken token = ApiToken.of("ci", "viewer", hex(CI_TOKEN), "t");
        assertThat(token.toString()).contains("ci", "viewer", "(redacted)").doesNotContain(hex(CI_TOKEN));
        assertThat(new AuthProperties.Token("ci", hex(CI_TOKEN), "viewer").toString())
                .doesNotContain(hex(CI_TOKEN));
    }

    @Test
    void shouldReadTheSettingsTokensAndThenTheTokensFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("tokens");
        Files.writeString(
                file,
                "# name:role:sha256\n\n"
                        + "alice:admin:" + hex(ADMIN_TOKEN) + "\n"
                        + "  dashboards : viewer : " + hex("view-only-token-0123456789") + "  \n");
        AuthProperties auth = new AuthProperties(
                true, List.of(new AuthProperties.Token("ci", hex(CI_TOKEN), "operator")), file, null);

        ApiTokens tokens = ApiTokens.of(auth);

        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.match(CI_TOKEN)).map(ApiToken::name).contains("ci");
        assertThat(tokens.match(ADMIN_TOKEN)).map(ApiToken::role).contains(Role.ADMIN);
        assertThat(tokens.match("view-only-token-0123456789"))
                .map(ApiToken::name)
                .contains("dashboards");
    }

    @Test
    void shouldNameTheFileAndLineOfABadLineWithoutEchoingIt(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("tokens");
        Files.writeString(file, "alice:admin:" + hex(ADMIN_TOKEN) + "\n" + ADMIN_TOKEN + "\n");

        assertThatThrownBy(() -> ApiTokens.readFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2")
                .hasMessageContaining("name:role:sha256hex")
                .hasMessageNotContaining(ADMIN_TOKEN);
    }

    @Test
    void shouldGrantEachRoleItsOwnAuthorityAndThoseBelowIt() {
        assertThat(Role.VIEWER.authorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
        assertThat(Role.OPERATOR.authorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_VIEWER", "ROLE_OPERATOR");
        assertThat(Role.ADMIN.authorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_VIEWER", "ROLE_OPERATOR", "ROLE_ADMIN");
    }
}

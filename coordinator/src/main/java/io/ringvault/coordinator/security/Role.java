package io.ringvault.coordinator.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller of the coordinator's API may do. Hierarchical: each role may do everything the roles before it may
 * (docs/security.md has the matrix of endpoints).
 */
public enum Role {
    /** Reads anything: operations, their events, backups, schedules, metrics. */
    VIEWER,
    /** Also backs up, verifies, copies, manages schedules, and cancels those kinds of operation. */
    OPERATOR,
    /** Also restores (truncating included), deletes, purges and collects garbage, and cancels any operation. */
    ADMIN;

    /** The role's name in settings, tokens and answers: {@code viewer}, {@code operator}, {@code admin}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority that stands for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The authorities a caller with this role holds: its own and those of every role below it. */
    public List<GrantedAuthority> authorities() {
        return Arrays.stream(values())
                .filter(role -> role.ordinal() <= ordinal())
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
    }

    /** The role a code names (case-insensitive), if any. */
    public static Optional<Role> ofCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.strip();
        return Arrays.stream(values())
                .filter(role -> role.code().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /**
     * @param setting the setting the code comes from, named in the error
     * @throws IllegalArgumentException naming the setting and the roles there are, when the code names none
     */
    public static Role parse(String code, String setting) {
        return ofCode(code)
                .orElseThrow(() -> new IllegalArgumentException(
                        setting + " must be one of viewer, operator, admin, not '" + code + "'"));
    }
}

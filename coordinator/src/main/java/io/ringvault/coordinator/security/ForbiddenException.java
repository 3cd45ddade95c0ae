package io.ringvault.coordinator.security;

/** The caller is authenticated, but its role is below the one the request needs: answered 403 {@code forbidden}. */
public final class ForbiddenException extends RuntimeException {
    private final transient Role needed;

    public ForbiddenException(Role needed, String what) {
        super(what + " needs the role " + needed.code() + " or higher");
        this.needed = needed;
    }

    public Role needed() {
        return needed;
    }
}

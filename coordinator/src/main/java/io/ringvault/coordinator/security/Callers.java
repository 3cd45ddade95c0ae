package io.ringvault.coordinator.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, for the controllers: the authenticated principal is the {@code requestedBy} of every request, and a
 * body's or header's claim is ignored. With authentication off ({@code ringvault.coordinator.auth.enabled=false}) the
 * claim is all there is.
 */
public final class Callers {
    private final boolean enabled;

    public Callers(boolean enabled) {
        this.enabled = enabled;
    }

    /** @param claimed what the request says (a body's {@code requestedBy}, an {@code X-Requested-By} header) */
    public String requestedBy(String claimed) {
        if (!enabled) {
            return claimed;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            // The filter chain lets no unauthenticated request reach a controller that records who asked.
            throw new IllegalStateException("no authenticated caller");
        }
        return authentication.getName();
    }

    /** @throws ForbiddenException when the caller's role is below {@code needed} */
    public void require(Role needed, String what) {
        if (!enabled) {
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean granted = authentication != null
                && authentication.getAuthorities().stream()
                        .anyMatch(authority -> needed.authority().equals(authority.getAuthority()));
        if (!granted) {
            throw new ForbiddenException(needed, what);
        }
    }
}

package io.ringvault.testkit;

import java.util.Locale;

/**
 * Starts a {@link Stack} on the path that {@code ringvault.testkit.mode} (or {@code RINGVAULT_TESTKIT_MODE}) selects:
 * {@code local} (the default: child processes, no Docker), {@code containers} (Testcontainers) or {@code auto}
 * (containers when a Docker engine answers, local otherwise).
 */
public final class Stacks {
    public static final String MODE_PROPERTY = "ringvault.testkit.mode";
    public static final String MODE_ENVIRONMENT_VARIABLE = "RINGVAULT_TESTKIT_MODE";

    private Stacks() {}

    public enum Mode {
        LOCAL,
        CONTAINERS,
        AUTO
    }

    public static Stack start(StackSpec spec) {
        return switch (resolve(configuredMode())) {
            case CONTAINERS -> ContainerStack.start(spec);
            default -> LocalStack.start(spec);
        };
    }

    static Mode configuredMode() {
        String value = System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENVIRONMENT_VARIABLE));
        if (value == null || value.isBlank()) {
            return Mode.LOCAL;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    MODE_PROPERTY + " must be local, containers or auto, not '" + value + "'", e);
        }
    }

    static Mode resolve(Mode mode) {
        if (mode != Mode.AUTO) {
            return mode;
        }
        return isTestcontainersPresent() && ContainerStack.dockerAvailable() ? Mode.CONTAINERS : Mode.LOCAL;
    }

    private static boolean isTestcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, Stacks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

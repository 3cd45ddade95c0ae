package io.ringvault.storage;

import jakarta.validation.Valid;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The named copy targets ({@code ringvault.storage.targets.<name>.*}): other object stores a backup can be copied to
 * ({@code ringvault backups copy <id> --to <name>}). Each has exactly the shape of {@code ringvault.storage} (a
 * {@code type} and that type's settings, secrets included, which print as {@code (redacted)}) and is checked when the
 * service starts, like the primary store. Only the restorer (which copies) and the coordinator (which refuses an unknown
 * name) bind them; none by default.
 *
 * <p>A copy keeps every object key: the manifests name their objects by key, so a backup stays readable only under the
 * keys it was written with. A target's {@code prefix} and {@code cluster} are therefore not used; the deployment that
 * restores from the target uses the source deployment's prefix and cluster name.
 *
 * @param targets the targets by name; a name is 1-64 letters, digits, '_' or '-', starting with a letter or digit
 */
@Validated
@ConfigurationProperties("ringvault.storage")
public record StorageTargets(Map<String, @Valid StorageProperties> targets) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public StorageTargets {
        SortedMap<String, StorageProperties> sorted = new TreeMap<>();
        if (targets != null) {
            targets.forEach((name, target) -> {
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("ringvault.storage.targets: '" + name
                            + "' is not a target name: 1-64 letters, digits, '_' or '-', starting with a letter or"
                            + " digit");
                }
                sorted.put(name, target == null ? StorageProperties.defaults() : target);
            });
        }
        targets = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** No copy target. */
    public static StorageTargets none() {
        return new StorageTargets(null);
    }

    /** The names of the targets, sorted. */
    public java.util.Set<String> names() {
        return targets.keySet();
    }

    /** The target of that name. */
    public Optional<StorageProperties> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    /**
     * Opens the store of the target {@code name} with the same factory as the primary store. The caller closes it.
     *
     * @throws StorageException INVALID_REQUEST for a name that is not a target, naming the targets there are, or for
     *     settings that cannot work
     */
    public ObjectStore open(String name) {
        StorageProperties target = targets.get(name);
        if (target == null) {
            throw new StorageException(
                    io.ringvault.common.failure.FailureReason.INVALID_REQUEST,
                    "no copy target '" + name + "' (ringvault.storage.targets): " + describeNames());
        }
        return ObjectStores.open(target);
    }

    /** "the targets are a, b" or "there is none", for messages. */
    public String describeNames() {
        return targets.isEmpty() ? "there is none" : "the targets are " + String.join(", ", targets.keySet());
    }

    @Override
    public String toString() {
        // StorageProperties' records print their secrets as (redacted); listed here for the start-up log.
        return "StorageTargets" + targets;
    }
}

package io.ringvault.storage;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Objects as files under a root directory: the embedded default, and the store of the local stack.
 *
 * <p>Layout: the object {@code a/b/c} is the file {@code <root>/a/b/c}; its checksum is in the sidecar
 * {@code <root>/a/b/c.ringvault-sha256}, a small properties file ({@code checksum}, {@code size}, {@code modified},
 * {@code fileKey}), so {@link #head} answers without reading the data. A write ({@link VerifiedFileWriter}) streams to
 * a temporary file in the same directory ({@code <name>.ringvault-tmp-<uuid>}), computing the SHA-256 as it copies,
 * forces it to disk, moves the sidecar and the data into place, each with an atomic rename, and syncs the directory: a
 * crash or two concurrent writers never leave a partial object, and an object {@link #put} returned survives a crash.
 *
 * <p>Two renames are not one, so the sidecar also records the data file's identity (inode and modification time,
 * which a rename keeps). {@link #head} trusts the checksum only when they match the file in place: after a crash
 * between the two renames, or when writers in different processes interleave, the object reads as having no checksum
 * (so a differential backup uploads it again) rather than a wrong one. Writers in one process are serialized per key.
 *
 * <p>Keys are relative paths of plain segments: {@code ..}, {@code .}, empty segments, absolute paths, backslashes and
 * names the store uses itself ({@code .ringvault-}) are refused, and so is anything that would resolve outside the
 * root.
 */
public final class FilesystemObjectStore implements ObjectStore {
    static final String SIDECAR_SUFFIX = ".ringvault-sha256";
    private static final String RESERVED = ".ringvault-";

    private final Path root;
    /**
     * Serializes the two renames of writers to one key in this process, so their sidecar and data always pair up.
     * Striped: a lock per key would grow with every key ever written.
     */
    private final Object[] commitLocks = new Object[64];

    /** Temporary file, SHA-256 while writing, forced, atomic rename, directory syncs shared between writers. */
    private final VerifiedFileWriter files = new VerifiedFileWriter();

    public FilesystemObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        Arrays.setAll(commitLocks, i -> new Object());
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw failure("create the root", this.root.toString(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredObject put(String key, InputStream content, long size) {
        return put(key, content, size, null);
    }

    @Override
    public StoredObject put(String key, InputStream content, long size, Supplier<String> recordedChecksum) {
        Path target = resolve(key);
        Path directory = target.getParent();
        String name = target.getFileName().toString();
        String unique = RESERVED + "tmp-" + UUID.randomUUID();
        Path tempData = directory.resolve(name + unique);
        Path tempSidecar = directory.resolve(name + SIDECAR_SUFFIX + unique);
        try {
            boolean newDirectory = !Files.isDirectory(directory);
            Files.createDirectories(directory);
            // Content ends the stream at the announced size and tells the caller's failures apart from the store's.
            Content in = new Content(key, content, size, recordedChecksum);
            try (VerifiedFileWriter.Written data = files.write(tempData, in.stream())) {
                String checksum = in.checksum(Checksums.PREFIX + data.sha256());
                // The sidecar is not forced: one lost in a crash reads as "no checksum", and the file is uploaded
                // again.
                Files.writeString(tempSidecar, sidecar(checksum, size, tempData), StandardCharsets.UTF_8);
                synchronized (commitLocks[Math.floorMod(target.hashCode(), commitLocks.length)]) {
                    VerifiedFileWriter.move(tempSidecar, sidecarOf(target));
                    data.moveTo(target);
                }
                // The renames (and the directories just made) are durable only once their directories are synced: an
                // object the caller is told is stored must survive a crash, or a manifest would list a missing file.
                Set<Path> renamedIn = new LinkedHashSet<>();
                renamedIn.add(directory);
                for (Path created = directory; newDirectory && !created.equals(root); created = created.getParent()) {
                    renamedIn.add(created.getParent());
                }
                files.syncDirectories(renamedIn);
                return new StoredObject(key, size, checksum);
            }
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            deleteQuietly(tempSidecar);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        Path file = resolve(key);
        BasicFileAttributes data;
        try {
            data = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("head", key, e);
        }
        if (!data.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new StoredObject(key, data.size(), checksumIfCurrent(sidecarOf(file), data)));
    }

    @Override
    public Optional<List<StoredObject>> list(String directory, int atMost) {
        Path path = resolve(requireDirectory(directory));
        List<StoredObject> objects = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.contains(RESERVED)) {
                    continue; // sidecars and temporary files are not objects
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // deleted since the directory was read
                }
                if (attributes.isRegularFile()) {
                    if (objects.size() == atMost) {
                        return Optional.empty();
                    }
                    objects.add(new StoredObject(directory + name, attributes.size(), null));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.of(List.of());
        } catch (IOException e) {
            throw failure("list", directory, e);
        }
        return Optional.of(objects);
    }

    @Override
    public InputStream get(String key, long offset) {
        Path file = resolve(key);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                if (offset < 0 || offset > channel.size()) {
                    throw new StorageException(
                            FailureReason.INVALID_REQUEST,
                            "offset " + offset + " is outside " + key + " (" + channel.size() + " bytes)");
                }
                channel.position(offset);
                return Channels.newInputStream(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<byte[]> getSmall(String key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(sidecarOf(file));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    /**
     * Depth first, one directory stream open per level (so memory grows with the depth, not the number of files),
     * skipping sidecars and temporary files. A file or directory deleted while the walk runs (by the visitor or anyone)
     * is skipped. The modification time is the data file's: the sidecar is written just before it, never after.
     */
    @Override
    public void walk(String prefix, Consumer<ListedObject> visitor) {
        Path start = resolve(requireDirectory(prefix));
        try {
            walk(start, prefix, visitor);
        } catch (IOException e) {
            throw failure("list", prefix, e);
        }
    }

    private void walk(Path directory, String keyPrefix, Consumer<ListedObject> visitor) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.contains(RESERVED)) {
                    continue; // sidecars and temporary files are not objects
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // deleted since the directory was read
                }
                if (attributes.isDirectory()) {
                    walk(entry, keyPrefix + name + "/", visitor);
                } else if (attributes.isRegularFile()) {
                    visitor.accept(new ListedObject(
                            keyPrefix + name,
                            attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Nothing under this prefix (any more).
        }
    }

    @Override
    public String describe() {
        return "filesystem " + root;
    }

    @Override
    public String toString() {
        return "FilesystemObjectStore[" + root + "]";
    }

    /** The file of a key, refusing keys that are not plain relative paths or that would leave the root. */
    Path resolve(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw invalidKey(key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains(RESERVED)) {
                throw invalidKey(key);
            }
        }
        Path file;
        try {
            file = root.resolve(key).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw invalidKey(key);
        }
        if (!file.startsWith(root) || file.equals(root)) {
            throw invalidKey(key);
        }
        return file;
    }

    /** The key of a directory, without its trailing slash (which a listing's prefix must have). */
    private static String requireDirectory(String directory) {
        if (directory == null || !directory.endsWith("/")) {
            throw new StorageException(
                    FailureReason.INVALID_REQUEST,
                    "invalid directory '" + directory + "': a listing's prefix ends with '/'");
        }
        return directory.substring(0, directory.length() - 1);
    }

    private static StorageException invalidKey(String key) {
        return new StorageException(
                FailureReason.INVALID_REQUEST,
                "invalid object key '" + key + "': keys are relative paths of plain names inside the store");
    }

    private static Path sidecarOf(Path file) {
        return file.resolveSibling(file.getFileName() + SIDECAR_SUFFIX);
    }

    private static String sidecar(String checksum, long size, Path data) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(data, BasicFileAttributes.class);
        return "checksum=" + checksum + "\nsize=" + size + "\nmodified="
                + attributes.lastModifiedTime().toMillis() + "\nfileKey=" + attributes.fileKey() + "\n";
    }

    /** The sidecar's checksum if it describes the file now in place (same size, inode and modification time). */
    private static String checksumIfCurrent(Path sidecar, BasicFileAttributes data) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        String checksum = properties.getProperty("checksum");
        boolean current = Checksums.isValid(checksum)
                && Long.toString(data.size()).equals(properties.getProperty("size"))
                && Long.toString(data.lastModifiedTime().toMillis()).equals(properties.getProperty("modified"))
                && String.valueOf(data.fileKey()).equals(properties.getProperty("fileKey"));
        return current ? checksum : null;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover temporary file is harmless: its name is reserved, no key can reach it.
        }
    }

    /** Every filesystem failure is classified here. */
    private static StorageException failure(String operation, String key, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new StorageException(FailureReason.OBJECT_NOT_FOUND, "no object " + key, e);
        }
        if (e instanceof AccessDeniedException) {
            return new StorageException(
                    FailureReason.ACCESS_DENIED, operation + " " + key + " was denied: " + e.getMessage(), e);
        }
        if (e instanceof FileSystemException) {
            // Disk full, read-only filesystem, a file where a directory belongs: an operator must act.
            return new StorageException(
                    FailureReason.INVALID_REQUEST, operation + " " + key + " failed: " + e.getMessage(), e);
        }
        return new StorageException(
                FailureReason.SERVER_ERROR, operation + " " + key + " failed: " + e.getMessage(), e);
    }
}

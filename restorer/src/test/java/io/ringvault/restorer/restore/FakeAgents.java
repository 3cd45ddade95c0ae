package io.ringvault.restorer.restore;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.RestoreMethod;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Node agents in memory, one staging area per agent URL and staging namespace (the operation id, or one derived from
 * it for a further backed-up node on the same agent). They behave like the real ones where a restore depends on it: an
 * upload is read to its end and kept only when its size and SHA-256 are the announced ones ({@code checksum-mismatch}
 * otherwise), a file larger than the free room is refused with 507, an import (or a stream) takes the table's staged
 * files out and marks the table imported, and removing a namespace clears its files and markers alike.
 *
 * <p>{@link #failOn} scripts errors; {@link #onCall} runs before every call (a test cancels from there). Every call is
 * recorded in {@link #calls()} as {@code "<call> <agentUrl> [keyspace.table [file]] [stream] [@<namespace>]"}, the
 * namespace only when it is a derived one ({@code -src-}).
 */
final class FakeAgents implements NodeAgents {
    enum Call {
        STAGING,
        SPACE,
        UPLOAD,
        IMPORT,
        REPAIR,
        DELETE
    }

    /** Runs before a call; may throw to make the call fail. {@code table} is null for calls about the whole node. */
    @FunctionalInterface
    interface Hook {
        void before(Call call, String agentUrl, String table) throws IOException;
    }

    /** One agent's staging area for one namespace. */
    private static final class Staging {
        final Map<String, Map<String, StagedFile>> staged = new HashMap<>();
        final Set<String> imported = new TreeSet<>();
    }

    /** One agent: its staging namespaces, and its room. */
    private static final class Agent {
        final Map<String, Staging> namespaces = new LinkedHashMap<>();
        long usableBytes = 1L << 30;

        Staging staging(String namespace) {
            return namespaces.computeIfAbsent(namespace, n -> new Staging());
        }
    }

    private record Fault(Call call, String agentUrl, String table, int[] remaining, Exception error) {}

    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private volatile Hook onCall = (call, agentUrl, table) -> {};

    /**
     * The next {@code times} calls of {@code call} to {@code agentUrl} about {@code table} (either null: any) throw
     * {@code error}: an {@link AgentRefused} for an agent's error answer, an {@link IOException} for one unreachable.
     */
    synchronized FakeAgents failOn(Call call, String agentUrl, String table, int times, Exception error) {
        faults.add(new Fault(call, agentUrl, table, new int[] {times}, error));
        return this;
    }

    FakeAgents onCall(Hook hook) {
        this.onCall = hook;
        return this;
    }

    synchronized FakeAgents usableBytes(String agentUrl, long bytes) {
        agent(agentUrl).usableBytes = bytes;
        return this;
    }

    /** Stages a file as an earlier attempt left it: {@code sha256} is what the agent verified it to be. */
    synchronized FakeAgents staged(String agentUrl, String table, String fileName, long size, String sha256) {
        return staged(agentUrl, RestoreHarness.OP, table, fileName, size, sha256);
    }

    private synchronized FakeAgents staged(
            String agentUrl, String namespace, String table, String fileName, long size, String sha256) {
        agent(agentUrl)
                .staging(namespace)
                .staged
                .computeIfAbsent(table, t -> new LinkedHashMap<>())
                .put(fileName, new StagedFile(fileName, size, sha256));
        return this;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The recorded calls that start with {@code prefix}, e.g. {@code "UPLOAD http://h1 shop.users"}. */
    synchronized List<String> calls(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    synchronized void forgetCalls() {
        calls.clear();
    }

    /** The files staged on the agent for the table right now, in every namespace. */
    synchronized Set<String> stagedFiles(String agentUrl, String table) {
        Set<String> files = new TreeSet<>();
        agent(agentUrl)
                .namespaces
                .values()
                .forEach(
                        n -> files.addAll(n.staged.getOrDefault(table, Map.of()).keySet()));
        return files;
    }

    /**
     * The tables the agent imported for the operation, in every namespace (and still knows of: removing a namespace
     * forgets them).
     */
    synchronized Set<String> importedTables(String agentUrl) {
        Set<String> tables = new TreeSet<>();
        agent(agentUrl).namespaces.values().forEach(n -> tables.addAll(n.imported));
        return tables;
    }

    /** The staging namespaces the agent holds right now (files or markers). */
    synchronized Set<String> namespaces(String agentUrl) {
        Set<String> held = new TreeSet<>();
        agent(agentUrl).namespaces.forEach((namespace, staging) -> {
            if (!staging.staged.isEmpty() || !staging.imported.isEmpty()) {
                held.add(namespace);
            }
        });
        return held;
    }

    @Override
    public Space space(String agentUrl, String operationId) throws IOException {
        before(Call.SPACE, agentUrl, null, "");
        synchronized (this) {
            Agent agent = agent(agentUrl);
            long staged = agent.namespaces.values().stream()
                    .flatMap(n -> n.staged.values().stream())
                    .flatMap(files -> files.values().stream())
                    .mapToLong(StagedFile::size)
                    .sum();
            return new Space("/var/lib/ringvault/staging", agent.usableBytes, staged);
        }
    }

    @Override
    public TableStaging staging(String agentUrl, String operationId, String keyspace, String table) throws IOException {
        String name = keyspace + "." + table;
        before(Call.STAGING, agentUrl, name, namespaceMark(operationId));
        synchronized (this) {
            Staging staging = agent(agentUrl).staging(operationId);
            return new TableStaging(
                    staging.imported.contains(name),
                    List.copyOf(staging.staged.getOrDefault(name, Map.of()).values()));
        }
    }

    @Override
    public void upload(
            String agentUrl,
            String operationId,
            String keyspace,
            String table,
            String fileName,
            String sha256,
            long size,
            Supplier<InputStream> body)
            throws IOException {
        String name = keyspace + "." + table;
        before(Call.UPLOAD, agentUrl, name, " " + fileName + namespaceMark(operationId));
        synchronized (this) {
            if (size > agent(agentUrl).usableBytes) {
                throw new AgentRefused(
                        FailureReason.INSUFFICIENT_SPACE, "no room for " + fileName + " (" + size + " bytes)");
            }
        }
        byte[] bytes;
        try (InputStream in = body.get()) {
            bytes = in.readAllBytes();
        }
        // A scripted fault comes after the body was read, as when an agent fails while it writes the file: the bytes
        // already counted into the progress must be taken back.
        throwFault(Call.UPLOAD, agentUrl, name);
        if (bytes.length != size) {
            throw new AgentRefused(
                    FailureReason.INCOMPLETE_BODY, fileName + ": " + bytes.length + " of " + size + " bytes");
        }
        String actual = TestBackup.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new AgentRefused(
                    FailureReason.CHECKSUM_MISMATCH,
                    fileName + " has sha256 " + actual + ", not the announced " + sha256);
        }
        staged(agentUrl, operationId, name, fileName, size, sha256);
    }

    @Override
    public Imported importTable(
            String agentUrl, String operationId, String keyspace, String table, RestoreMethod method)
            throws IOException {
        String name = keyspace + "." + table;
        before(
                Call.IMPORT,
                agentUrl,
                name,
                (method == RestoreMethod.STREAM ? " stream" : "") + namespaceMark(operationId));
        synchronized (this) {
            Staging staging = agent(agentUrl).staging(operationId);
            if (staging.imported.contains(name)) {
                return new Imported(0, 0, true);
            }
            Map<String, StagedFile> files = staging.staged.remove(name);
            if (files == null || files.isEmpty()) {
                throw new AgentRefused(FailureReason.NOTHING_STAGED, "nothing staged for " + name);
            }
            staging.imported.add(name);
            return new Imported(
                    files.size(),
                    files.values().stream().mapToLong(StagedFile::size).sum(),
                    false);
        }
    }

    /**
     * Records {@code "REPAIR <agentUrl> <keyspace> [t1,t2]"} (the fault's table is the keyspace); a repair answers as
     * one that completed, command 1.
     */
    @Override
    public Repaired repair(String agentUrl, String operationId, String keyspace, List<String> tables)
            throws IOException {
        before(Call.REPAIR, agentUrl, keyspace, " " + tables + namespaceMark(operationId));
        return new Repaired(1, 0);
    }

    @Override
    public void deleteStaging(String agentUrl, String operationId) throws IOException {
        before(Call.DELETE, agentUrl, null, namespaceMark(operationId));
        synchronized (this) {
            agent(agentUrl).namespaces.remove(operationId);
        }
    }

    /** Records the call and runs the hook; a scripted fault follows, except for uploads (see {@link #upload}). */
    private void before(Call call, String agentUrl, String table, String more) throws IOException {
        synchronized (this) {
            calls.add(call + " " + agentUrl + (table == null ? "" : " " + table) + more);
        }
        onCall.before(call, agentUrl, table);
        if (call != Call.UPLOAD) {
            throwFault(call, agentUrl, table);
        }
    }

    private void throwFault(Call call, String agentUrl, String table) throws IOException {
        Exception error = nextFault(call, agentUrl, table);
        if (error instanceof IOException io) {
            throw io;
        }
        if (error != null) {
            throw (RuntimeException) error;
        }
    }

    private synchronized Exception nextFault(Call call, String agentUrl, String table) {
        for (Fault fault : faults) {
            boolean matches = fault.call() == call
                    && (fault.agentUrl() == null || fault.agentUrl().equals(agentUrl))
                    && (fault.table() == null || fault.table().equals(table));
            if (matches && fault.remaining()[0] > 0) {
                fault.remaining()[0]--;
                return fault.error();
            }
        }
        return null;
    }

    /** A derived namespace, as recorded calls show it; the operation's own is left out. */
    private static String namespaceMark(String namespace) {
        return namespace.contains("-src-") ? " @" + namespace : "";
    }

    private Agent agent(String agentUrl) {
        return agents.computeIfAbsent(agentUrl, url -> new Agent());
    }
}

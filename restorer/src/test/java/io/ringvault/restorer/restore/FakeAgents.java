package io.ringvault.restorer.restore;

import io.ringvault.agentapi.AgentErrorReason;
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
 * Node agents in memory, one staging area per agent URL, for one operation. They behave like the real ones where a
 * restore depends on it: an upload is read to its end and kept only when its size and SHA-256 are the announced ones
 * ({@code checksum-mismatch} otherwise), a file larger than the free room is refused with 507, an import moves the
 * table's staged files out and marks the table imported, and removing the staging clears files and markers alike.
 *
 * <p>{@link #failOn} scripts errors; {@link #onCall} runs before every call (a test cancels from there). Every call is
 * recorded in {@link #calls()} as {@code "<call> <agentUrl> [keyspace.table [file]]"}.
 */
final class FakeAgents implements NodeAgents {
    enum Call {
        STAGING,
        SPACE,
        UPLOAD,
        IMPORT,
        DELETE
    }

    /** Runs before a call; may throw to make the call fail. {@code table} is null for calls about the whole node. */
    @FunctionalInterface
    interface Hook {
        void before(Call call, String agentUrl, String table) throws IOException;
    }

    /** One agent's staging area for the operation. */
    private static final class Agent {
        final Map<String, Map<String, StagedFile>> staged = new HashMap<>();
        final Set<String> imported = new TreeSet<>();
        long usableBytes = 1L << 30;
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
        agent(agentUrl)
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

    /** The files staged on the agent for the table right now. */
    synchronized Set<String> stagedFiles(String agentUrl, String table) {
        return new TreeSet<>(
                agent(agentUrl).staged.getOrDefault(table, Map.of()).keySet());
    }

    /** The tables the agent imported for the operation (and still knows of: removing the staging forgets them). */
    synchronized Set<String> importedTables(String agentUrl) {
        return new TreeSet<>(agent(agentUrl).imported);
    }

    @Override
    public Space space(String agentUrl, String operationId) throws IOException {
        before(Call.SPACE, agentUrl, null, "");
        synchronized (this) {
            Agent agent = agent(agentUrl);
            long staged = agent.staged.values().stream()
                    .flatMap(files -> files.values().stream())
                    .mapToLong(StagedFile::size)
                    .sum();
            return new Space("/var/lib/ringvault/staging", agent.usableBytes, staged);
        }
    }

    @Override
    public TableStaging staging(String agentUrl, String operationId, String keyspace, String table) throws IOException {
        String name = keyspace + "." + table;
        before(Call.STAGING, agentUrl, name, "");
        synchronized (this) {
            Agent agent = agent(agentUrl);
            return new TableStaging(
                    agent.imported.contains(name),
                    List.copyOf(agent.staged.getOrDefault(name, Map.of()).values()));
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
        before(Call.UPLOAD, agentUrl, name, " " + fileName);
        synchronized (this) {
            if (size > agent(agentUrl).usableBytes) {
                throw new AgentRefused(
                        AgentErrorReason.INSUFFICIENT_SPACE, "no room for " + fileName + " (" + size + " bytes)");
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
                    AgentErrorReason.INCOMPLETE_BODY, fileName + ": " + bytes.length + " of " + size + " bytes");
        }
        String actual = TestBackup.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new AgentRefused(
                    AgentErrorReason.CHECKSUM_MISMATCH,
                    fileName + " has sha256 " + actual + ", not the announced " + sha256);
        }
        staged(agentUrl, name, fileName, size, sha256);
    }

    @Override
    public Imported importTable(String agentUrl, String operationId, String keyspace, String table) throws IOException {
        String name = keyspace + "." + table;
        before(Call.IMPORT, agentUrl, name, "");
        synchronized (this) {
            Agent agent = agent(agentUrl);
            if (agent.imported.contains(name)) {
                return new Imported(0, 0, true);
            }
            Map<String, StagedFile> files = agent.staged.remove(name);
            if (files == null || files.isEmpty()) {
                throw new AgentRefused(AgentErrorReason.NOTHING_STAGED, "nothing staged for " + name);
            }
            agent.imported.add(name);
            return new Imported(
                    files.size(),
                    files.values().stream().mapToLong(StagedFile::size).sum(),
                    false);
        }
    }

    @Override
    public void deleteStaging(String agentUrl, String operationId) throws IOException {
        before(Call.DELETE, agentUrl, null, "");
        synchronized (this) {
            Agent agent = agent(agentUrl);
            agent.staged.clear();
            agent.imported.clear();
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

    private Agent agent(String agentUrl) {
        return agents.computeIfAbsent(agentUrl, url -> new Agent());
    }
}

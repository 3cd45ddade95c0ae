package io.ringvault.agentapi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths of the node agent's HTTP API, as templates the agent maps (Spring MVC's {@code {name}} variables) and the
 * clients expand with {@link #uri}. Every path is behind the bearer token ({@link AgentHeaders#AUTHORIZATION}). The
 * OpenAPI document {@code /openapi/node-agent.yaml} describes the same paths; {@code AgentApiDocumentTest} keeps them
 * equal.
 */
public final class AgentPaths {
    /** The prefix of every path of version 1 of the API. */
    public static final String API_V1 = "/api/v1";

    /**
     * {@code GET}: a file of a snapshot the agent took, streamed; {@code Range} resumes a download. Called by the
     * uploader with the fields of a {@code file.ready}.
     */
    public static final String SNAPSHOT_FILE =
            API_V1 + "/snapshots/{backupId}/files/{dataDirectory}/{keyspace}/{tableDirectory}/{fileName}";

    /** {@code GET}: the room left on the staging file system, and what the operation staged ({@code StagingSpace}). */
    public static final String STAGING_SPACE = API_V1 + "/restores/{operationId}/space";

    /** {@code DELETE}: everything the operation staged, import markers included. */
    public static final String OPERATION_STAGING = API_V1 + "/restores/{operationId}/staging";

    /** {@code GET}: what is staged for a table of the operation, and whether it was imported ({@code TableStaging}). */
    public static final String TABLE_STAGING = OPERATION_STAGING + "/{keyspace}/{table}";

    /** {@code PUT}: one SSTable component, checked against {@link AgentHeaders#SHA256} ({@code Staged}). */
    public static final String STAGED_FILE = TABLE_STAGING + "/{fileName}";

    /** {@code POST}: imports the table's staged files into Cassandra ({@code ImportRequest}, {@code Imported}). */
    public static final String TABLE_IMPORT = TABLE_STAGING + "/import";

    /**
     * {@code POST}: runs a full repair of tables of one keyspace on this node's primary ranges and answers when it is
     * over ({@code RepairRequest}, {@code Repaired}). Called by the restorer after a restore that asks for one.
     */
    public static final String REPAIR = API_V1 + "/restores/{operationId}/repair";

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    private AgentPaths() {}

    /**
     * The URI of a path on the agent at {@code agentUrl}: each {@code {variable}} of {@code template} is replaced, in
     * order, by the next of {@code values}, percent-encoded as one path segment (a {@code /} in a value stays inside
     * its segment).
     *
     * @param agentUrl the agent's base URL, {@code http://host:port}, with or without a trailing slash
     * @throws IllegalArgumentException when the number of values is not the number of variables, or the URL is not one
     */
    public static URI uri(String agentUrl, String template, Object... values) {
        if (agentUrl == null || agentUrl.isBlank()) {
            throw new IllegalArgumentException("no node agent URL");
        }
        String base = agentUrl.endsWith("/") ? agentUrl.substring(0, agentUrl.length() - 1) : agentUrl;
        Matcher variable = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder(base);
        int next = 0;
        int end = 0;
        while (variable.find()) {
            if (next == values.length) {
                throw new IllegalArgumentException("no value for {" + variable.group(1) + "} of " + template);
            }
            path.append(template, end, variable.start()).append(segment(String.valueOf(values[next++])));
            end = variable.end();
        }
        if (next != values.length) {
            throw new IllegalArgumentException(values.length + " values for the " + next + " variables of " + template);
        }
        path.append(template, end, template.length());
        return URI.create(path.toString());
    }

    /** One path segment, percent-encoded: spaces as {@code %20}, never {@code +}. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

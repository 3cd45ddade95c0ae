package io.ringvault.restorer.logical;

import io.ringvault.restorer.restore.CqlSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fits a backed-up keyspace's replication to the cluster a logical restore writes into, which may have other
 * datacenters or fewer nodes: with {@code NetworkTopologyStrategy}, a datacenter the cluster lacks is left out (and
 * when none of the backup's is left, every datacenter of the cluster takes the highest factor the backup had); a
 * factor above a datacenter's nodes is lowered to its nodes; with {@code SimpleStrategy}, a factor above the cluster's
 * nodes is lowered to them. Writes at {@code LOCAL_QUORUM} then find their replicas. Other strategies are kept as they
 * are.
 */
public final class ReplicationMapper {
    private static final Pattern REPLICATION = Pattern.compile("(?is)\\breplication\\s*=\\s*\\{([^}]*)}");
    private static final Pattern ENTRY = Pattern.compile("'((?:[^']|'')*)'\\s*:\\s*'((?:[^']|'')*)'");

    private ReplicationMapper() {}

    /** A keyspace statement fitted to the cluster, and the replication it now has when that changed. */
    public record Fitted(CqlSchema.Statement statement, Optional<String> changedTo) {}

    /**
     * @param createKeyspace the backup's {@code CREATE KEYSPACE}
     * @param nodesByDatacenter the cluster's nodes per datacenter
     */
    public static Fitted fit(CqlSchema.Statement createKeyspace, Map<String, Integer> nodesByDatacenter) {
        String cql = createKeyspace.cql();
        Matcher m = REPLICATION.matcher(cql);
        if (!m.find() || nodesByDatacenter.isEmpty()) {
            return new Fitted(createKeyspace, Optional.empty());
        }
        Map<String, String> options = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(m.group(1));
        while (entry.find()) {
            options.put(entry.group(1).replace("''", "'"), entry.group(2).replace("''", "'"));
        }
        String strategy = options.getOrDefault("class", "");
        Map<String, String> fitted = new LinkedHashMap<>();
        fitted.put("class", strategy);
        int clusterNodes =
                nodesByDatacenter.values().stream().mapToInt(Integer::intValue).sum();
        if (strategy.endsWith("SimpleStrategy")) {
            int factor = factor(options.get("replication_factor"));
            fitted.put("replication_factor", String.valueOf(Math.max(1, Math.min(factor, clusterNodes))));
        } else if (strategy.endsWith("NetworkTopologyStrategy")) {
            int highest = 1;
            Map<String, String> kept = new TreeMap<>();
            for (Map.Entry<String, String> option : options.entrySet()) {
                String dc = option.getKey();
                if (dc.equals("class") || dc.equals("replication_factor")) {
                    continue;
                }
                int factor = factor(option.getValue());
                highest = Math.max(highest, factor);
                if (nodesByDatacenter.containsKey(dc) && factor > 0) {
                    kept.put(dc, String.valueOf(Math.min(factor, nodesByDatacenter.get(dc))));
                }
            }
            if (kept.isEmpty()) {
                for (Map.Entry<String, Integer> dc : new TreeMap<>(nodesByDatacenter).entrySet()) {
                    kept.put(dc.getKey(), String.valueOf(Math.min(highest, dc.getValue())));
                }
            }
            fitted.putAll(kept);
        } else {
            return new Fitted(createKeyspace, Optional.empty());
        }
        Map<String, String> original = new TreeMap<>(options);
        if (original.equals(new TreeMap<>(fitted))) {
            return new Fitted(createKeyspace, Optional.empty());
        }
        StringBuilder map = new StringBuilder("{");
        fitted.forEach((key, value) -> map.append(map.length() > 1 ? ", " : "")
                .append(literal(key))
                .append(": ")
                .append(literal(value)));
        map.append('}');
        String rewritten = cql.substring(0, m.start()) + "replication = " + map + cql.substring(m.end());
        return new Fitted(CqlSchema.parse(rewritten), Optional.of(map.toString()));
    }

    private static int factor(String value) {
        if (value == null) {
            return 1;
        }
        // A transient replica count ("3/1") keeps its full replicas.
        String full = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
        try {
            return Integer.parseInt(full.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

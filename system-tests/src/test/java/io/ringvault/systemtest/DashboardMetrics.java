package io.ringvault.systemtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The metrics a Grafana dashboard queries, and the series a service's Prometheus endpoint exposes. */
final class DashboardMetrics {
    private static final Pattern METRIC = Pattern.compile("\\bringvault_[a-z_]+\\b");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DashboardMetrics() {}

    /** Every {@code ringvault_*} metric name in the PromQL of the dashboard's panels. */
    static Set<String> queried(Path dashboard) throws Exception {
        JsonNode root = RingvaultSystem.CODEC.mapper().readTree(Files.readString(dashboard));
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asString());
                while (matcher.find()) {
                    names.add(matcher.group());
                }
            }
        }
        return names;
    }

    /** The service's {@code /actuator/prometheus}: each series (name and labels, as written) with its value. */
    static Map<String, Double> scrape(String serviceUrl) throws Exception {
        return scrape(serviceUrl, null);
    }

    /** @param token the bearer token the service asks for (the coordinator's metrics need a viewer); null for none */
    static Map<String, Double> scrape(String serviceUrl, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(serviceUrl + "/actuator/prometheus answered " + response.statusCode());
        }
        Map<String, Double> series = new HashMap<>();
        for (String line : response.body().split("\\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    /**
     * The value of the series of metric {@code name} whose labels include {@code label="value"}; null when none.
     */
    static Double value(Map<String, Double> series, String name, String label, String value) {
        String wanted = label + "=\"" + value + "\"";
        return series.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(wanted))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The value of the series of metric {@code name}, whatever its labels; null when none. */
    static Double value(Map<String, Double> series, String name) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The metric names of scraped series. */
    static Set<String> names(Map<String, Double> series) {
        return series.keySet().stream()
                .map(key -> key.contains("{") ? key.substring(0, key.indexOf('{')) : key)
                .collect(Collectors.toSet());
    }
}

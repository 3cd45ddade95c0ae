package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.Topic;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps the deployment descriptors ({@code docker-compose.yml}, {@code k8s/}, the Dockerfiles) in step with what the
 * services actually read. No Docker engine or Kubernetes cluster exists where ringvault is developed, so this is how
 * those files are verified: a misspelt variable, a port or a topic that drifted fails here, naming the file and item.
 */
class DeploymentDescriptorsTest {

    /** The services with an {@code application.yml}; their containers carry these names in compose and Kubernetes. */
    private static final List<String> SERVICES = List.of("coordinator", "node-agent", "uploader", "restorer");

    private static final String CLI = "cli";

    /**
     * Settings whose default is of no use in a container, with the reason. Every service whose application.yml reads
     * one of these must be given it.
     */
    private static final Map<String, String> NO_USABLE_DEFAULT = Map.of(
            "RINGVAULT_KAFKA_BOOTSTRAP_SERVERS", "its default 127.0.0.1:9092 is the container itself",
            "RINGVAULT_CASSANDRA_CONTACT_POINTS", "its default 127.0.0.1:9042 is the container itself",
            "RINGVAULT_STORAGE_TYPE", "the default filesystem store would be inside the container, seen by no other",
            "RINGVAULT_AGENT_TOKEN", "the agent does not start without one, and its clients must present the same",
            "RINGVAULT_AGENT_ADVERTISED_URL", "the default http://127.0.0.1:<port> is unreachable from the uploaders",
            "RINGVAULT_AGENT_WORK_DIRECTORY",
                    "the default is inside the container: a new one forgets the snapshots it must clear");

    /** Settings every service that reads them must see with the same value, or they stop finding each other's data. */
    private static final List<String> SHARED = List.of(
            "RINGVAULT_KAFKA_BOOTSTRAP_SERVERS",
            "RINGVAULT_AGENT_TOKEN",
            "RINGVAULT_CLUSTER_NAME",
            "RINGVAULT_STORAGE_TYPE",
            "RINGVAULT_STORAGE_PREFIX",
            "RINGVAULT_S3_BUCKET",
            "RINGVAULT_S3_ENDPOINT",
            "RINGVAULT_S3_REGION");

    private static final List<String> LOCAL_DATACENTER =
            List.of("RINGVAULT_CASSANDRA_LOCAL_DATACENTER", "RINGVAULT_AGENT_CASSANDRA_LOCAL_DATACENTER");

    /**
     * Spring Boot settings a deployment may set although no application.yml has them: they choose what configuration
     * is read (a profile, an extra file such as a mounted ConfigMap with spring.kafka.ssl.* for TLS, inline JSON)
     * rather than being a setting of their own.
     */
    private static final Set<String> ALLOWED_SPRING_VARIABLES =
            Set.of("SPRING_PROFILES_ACTIVE", "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_APPLICATION_JSON");

    private static final String LIVENESS_PATH = "/actuator/health/liveness";
    private static final String READINESS_PATH = "/actuator/health/readiness";

    /** {@code ${NAME}} or {@code ${NAME:default}}; a default may hold braces one level deep ({@code {address}}). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::((?:[^{}]|\\{[^{}]*})*))?}");

    /** Compose interpolation: {@code $$}, {@code ${VAR}}, {@code ${VAR:-default}} and the like, {@code $VAR}. */
    private static final Pattern COMPOSE_VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\\{[^{}]*})*))?}"
                    + "|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** Kubernetes dependent variables: {@code $(NAME)}. */
    private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static final Pattern URL_PORT = Pattern.compile("^https?://.+:(\\d+)/?$");
    private static final Pattern CLI_VARIABLE = Pattern.compile("\"(RINGVAULT_[A-Z0-9_]+)\"");

    private static Path root;
    private static Map<String, ServiceConfig> configs;
    private static Map<String, Object> compose;
    private static List<Manifest> manifests;
    private static Map<String, Map<String, String>> configMaps;
    private static Map<String, Map<String, String>> secrets;

    @BeforeAll
    static void readDescriptors() throws IOException {
        root = repositoryRoot();
        configs = new LinkedHashMap<>();
        for (String service : SERVICES) {
            configs.put(service, ServiceConfig.read(root, service));
        }
        compose = map(loadAll(root.resolve("docker-compose.yml")).get(0));
        manifests = new ArrayList<>();
        for (Path file : k8sFiles()) {
            for (Object document : loadAll(file)) {
                manifests.add(new Manifest(root.relativize(file), map(document)));
            }
        }
        configMaps = new TreeMap<>();
        secrets = new TreeMap<>();
        for (Manifest manifest : manifests) {
            if (manifest.kind().equals("ConfigMap")) {
                configMaps.put(manifest.name(), strings(manifest.document().get("data")));
            } else if (manifest.kind().equals("Secret")) {
                Map<String, String> values = new TreeMap<>();
                strings(manifest.document().get("data"))
                        .forEach((key, value) -> values.put(
                                key, new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
                values.putAll(strings(manifest.document().get("stringData")));
                secrets.put(manifest.name(), values);
            }
        }
    }

    @Test
    void shouldSetOnlyVariablesTheServicesRead() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Deployed deployed : deployedServices(problems)) {
            ServiceConfig config = configs.get(deployed.service());
            for (String variable : deployed.environment().keySet()) {
                if (variable.startsWith("RINGVAULT_") && !config.placeholders().containsKey(variable)) {
                    problems.add(deployed.where() + ": " + variable + " is not a placeholder of " + config.file());
                }
                if ((variable.startsWith("SPRING_")
                                || variable.startsWith("SERVER_")
                                || variable.startsWith("MANAGEMENT_"))
                        && !ALLOWED_SPRING_VARIABLES.contains(variable)
                        && !config.environmentNames().contains(variable)) {
                    problems.add(deployed.where() + ": " + variable + " binds to no key of " + config.file()
                            + " and is not an allowed Spring Boot variable");
                }
            }
        }
        Set<String> cliVariables = cliVariables();
        for (Deployed cli : deployedCli(problems)) {
            cli.environment().keySet().stream()
                    .filter(variable -> variable.startsWith("RINGVAULT_") && !cliVariables.contains(variable))
                    .forEach(variable -> problems.add(
                            cli.where() + ": " + variable + " is not read by the ringvault command (cli/src/main)"));
        }
        assertThat(problems).as("variables the services do not read").isEmpty();
    }

    @Test
    void shouldSetEverySettingWithoutAUsableDefault() {
        List<String> problems = new ArrayList<>();
        NO_USABLE_DEFAULT.keySet().stream()
                .filter(variable -> configs.values().stream()
                        .noneMatch(config -> config.placeholders().containsKey(variable)))
                .forEach(variable -> problems.add("no application.yml reads " + variable
                        + " any more: update NO_USABLE_DEFAULT in DeploymentDescriptorsTest"));
        for (Deployed deployed : deployedServices(problems)) {
            ServiceConfig config = configs.get(deployed.service());
            Map<String, String> environment = deployed.environment();
            NO_USABLE_DEFAULT.forEach((variable, reason) -> {
                if (config.placeholders().containsKey(variable) && isBlank(environment.get(variable))) {
                    problems.add(deployed.where() + ": sets no " + variable + " (" + reason + ")");
                }
            });
            if ("s3".equalsIgnoreCase(config.effective(environment, "RINGVAULT_STORAGE_TYPE"))
                    && isBlank(environment.get("RINGVAULT_S3_BUCKET"))) {
                problems.add(deployed.where() + ": stores in S3 but sets no RINGVAULT_S3_BUCKET");
            }
            String token = environment.get("RINGVAULT_AGENT_TOKEN");
            if (token != null && !token.isBlank() && token.length() < 16) {
                problems.add(deployed.where() + ": RINGVAULT_AGENT_TOKEN is shorter than the 16 characters the agent"
                        + " requires");
            }
            String advertised = environment.get("RINGVAULT_AGENT_ADVERTISED_URL");
            if (advertised != null && (advertised.contains("127.0.0.1") || advertised.contains("localhost"))) {
                problems.add(deployed.where() + ": RINGVAULT_AGENT_ADVERTISED_URL " + advertised
                        + " is a loopback address, which uploaders in other containers cannot reach");
            }
        }
        assertThat(problems).as("settings without a usable default").isEmpty();
    }

    @Test
    void shouldGiveSharedSettingsTheSameValueEverywhere() {
        List<String> problems = new ArrayList<>();
        Map<String, List<Deployed>> byDescriptor = deployedServices(problems).stream()
                .collect(Collectors.groupingBy(Deployed::descriptor, TreeMap::new, Collectors.toList()));
        byDescriptor.forEach((descriptor, deployments) -> {
            for (String variable : SHARED) {
                Map<String, String> values = new TreeMap<>();
                for (Deployed deployed : deployments) {
                    ServiceConfig config = configs.get(deployed.service());
                    if (config.placeholders().containsKey(variable)) {
                        values.put(deployed.where(), config.effective(deployed.environment(), variable));
                    }
                }
                if (new TreeSet<>(values.values()).size() > 1) {
                    problems.add(descriptor + ": " + variable + " differs between services: "
                            + (variable.contains("TOKEN") ? values.keySet() : values));
                }
            }
        });
        // The image's default snitch calls the datacenter "datacenter1", whatever CASSANDRA_DC says; the drivers of the
        // services then find no node in their local datacenter.
        for (Deployed cassandra : deployedCassandra(problems)) {
            Map<String, String> environment = cassandra.environment();
            if (!"GossipingPropertyFileSnitch".equals(environment.get("CASSANDRA_ENDPOINT_SNITCH"))
                    || isBlank(environment.get("CASSANDRA_DC"))) {
                problems.add(cassandra.where() + ": set CASSANDRA_ENDPOINT_SNITCH=GossipingPropertyFileSnitch and"
                        + " CASSANDRA_DC, or the datacenter is datacenter1");
                continue;
            }
            for (Deployed deployed : byDescriptor.getOrDefault(cassandra.descriptor(), List.of())) {
                ServiceConfig config = configs.get(deployed.service());
                for (String variable : LOCAL_DATACENTER) {
                    if (config.placeholders().containsKey(variable)) {
                        String datacenter = config.effective(deployed.environment(), variable);
                        if (!environment.get("CASSANDRA_DC").equals(datacenter)) {
                            problems.add(deployed.where() + ": " + variable + " is " + datacenter + " but "
                                    + cassandra.where() + " runs datacenter " + environment.get("CASSANDRA_DC"));
                        }
                    }
                }
            }
        }
        assertThat(problems).as("shared settings").isEmpty();
    }

    @Test
    void shouldUseEachServicesPortForContainersServicesProbesAndImages() throws IOException {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig config : configs.values()) {
            Path dockerfile = Path.of(config.service(), "Dockerfile");
            List<String> exposed = dockerfileInstructions(root.resolve(dockerfile), "EXPOSE").stream()
                    .flatMap(arguments -> Arrays.stream(arguments.split("\\s+")))
                    .map(port -> port.replace("/tcp", ""))
                    .toList();
            if (!exposed.equals(List.of(String.valueOf(config.port())))) {
                problems.add(dockerfile + ": EXPOSE " + exposed + " is not the server.port default " + config.port()
                        + " of " + config.file());
            }
        }
        checkComposePorts(problems);
        checkKubernetesPorts(problems);
        for (Deployed deployed : deployedServices(problems)) {
            ServiceConfig config = configs.get(deployed.service());
            checkUrlPort(problems, deployed, config, "RINGVAULT_AGENT_ADVERTISED_URL", "node-agent");
            checkUrlPort(problems, deployed, config, "RINGVAULT_AGENT_URL_TEMPLATE", "node-agent");
        }
        for (Deployed cli : deployedCli(problems)) {
            String coordinator = cli.environment().get("RINGVAULT_COORDINATOR");
            if (coordinator != null
                    && !String.valueOf(configs.get("coordinator").port()).equals(urlPort(coordinator))) {
                problems.add(
                        cli.where() + ": RINGVAULT_COORDINATOR " + coordinator + " is not on the coordinator's port "
                                + configs.get("coordinator").port());
            }
        }
        assertThat(problems).as("ports and probes").isEmpty();
    }

    @Test
    void shouldDeclareExactlyTheTopicsOfTheTopicEnum() {
        List<String> problems = new ArrayList<>();
        Map<String, Manifest> declared = new TreeMap<>();
        Set<String> clusters = new TreeSet<>();
        for (Manifest topic : manifestsOfKind("KafkaTopic")) {
            Map<String, Object> spec = map(topic.document().get("spec"));
            String name = spec.get("topicName") != null ? text(spec.get("topicName")) : topic.name();
            declared.put(name, topic);
            String cluster =
                    strings(map(topic.document().get("metadata")).get("labels")).get("strimzi.io/cluster");
            if (isBlank(cluster)) {
                problems.add(topic.where() + ": has no strimzi.io/cluster label");
            } else {
                clusters.add(cluster);
            }
            if (!topic.document().get("apiVersion").equals("kafka.strimzi.io/v1beta2")) {
                problems.add(topic.where() + ": apiVersion is not kafka.strimzi.io/v1beta2");
            }
        }
        for (Topic topic : Topic.values()) {
            Manifest manifest = declared.remove(topic.defaultName());
            if (manifest == null) {
                problems.add("k8s/: no KafkaTopic for " + topic.defaultName() + " (Topic." + topic.name() + ")");
                continue;
            }
            Map<String, Object> spec = map(manifest.document().get("spec"));
            if (!String.valueOf(topic.partitions()).equals(text(spec.get("partitions")))) {
                problems.add(manifest.where() + ": partitions " + spec.get("partitions") + ", Topic." + topic.name()
                        + " has " + topic.partitions());
            }
            Map<String, String> config = strings(spec.get("config"));
            if (!config.equals(new TreeMap<>(topic.configs()))) {
                problems.add(manifest.where() + ": config " + config + ", Topic." + topic.name() + " has "
                        + new TreeMap<>(topic.configs()));
            }
        }
        declared.forEach((name, manifest) ->
                problems.add(manifest.where() + ": topic " + name + " is not in common's Topic enum"));
        if (clusters.size() > 1) {
            problems.add("k8s/: the KafkaTopics name several clusters: " + clusters);
        }
        // Strimzi's bootstrap Service of a cluster is <cluster>-kafka-bootstrap.
        for (String cluster : clusters) {
            configMaps.forEach((name, data) -> {
                String bootstrap = data.get("RINGVAULT_KAFKA_BOOTSTRAP_SERVERS");
                if (bootstrap != null && !bootstrap.startsWith(cluster + "-kafka-bootstrap")) {
                    problems.add("k8s/ ConfigMap " + name + ": RINGVAULT_KAFKA_BOOTSTRAP_SERVERS " + bootstrap
                            + " is not the bootstrap Service of the topics' cluster " + cluster);
                }
            });
        }
        assertThat(problems).as("Kafka topics").isEmpty();
    }

    @Test
    void shouldNotScaleUploadersBeyondTheFilesPartitions() {
        List<String> problems = new ArrayList<>();
        List<Manifest> autoscalers = manifestsOfKind("HorizontalPodAutoscaler");
        if (autoscalers.stream().noneMatch(hpa -> "uploader".equals(scaleTarget(hpa)))) {
            problems.add("k8s/: no HorizontalPodAutoscaler scales the uploader Deployment");
        }
        for (Manifest autoscaler : autoscalers) {
            String target = scaleTarget(autoscaler);
            if (manifestsOfKind("Deployment").stream()
                    .noneMatch(deployment -> deployment.name().equals(target))) {
                problems.add(autoscaler.where() + ": scales Deployment " + target + ", which is not in k8s/");
            }
            Object maxReplicas = map(autoscaler.document().get("spec")).get("maxReplicas");
            if ("uploader".equals(target) && !(maxReplicas instanceof Integer max && max <= Topic.FILES.partitions())) {
                problems.add(autoscaler.where() + ": maxReplicas " + maxReplicas + " is more uploaders than the "
                        + Topic.FILES.partitions() + " partitions of " + Topic.FILES.defaultName());
            }
        }
        assertThat(problems).as("autoscaling").isEmpty();
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        Path kustomization = root.resolve("k8s/kustomization.yaml");
        Set<String> listed = new TreeSet<>();
        for (Object resource : list(map(loadAll(kustomization).get(0)).get("resources"))) {
            listed.add(text(resource));
        }
        Set<String> files = new TreeSet<>();
        for (Path file : k8sFiles()) {
            if (!file.equals(kustomization)) {
                files.add(file.getFileName().toString());
            }
        }
        assertThat(listed)
                .as("resources of %s against the files in k8s/", root.relativize(kustomization))
                .isEqualTo(files);
    }

    @Test
    void shouldBuildComposeServicesFromDirectoriesWithADockerfile() {
        List<String> problems = new ArrayList<>();
        map(compose.get("services")).forEach((name, definition) -> {
            Object build = map(definition).get("build");
            if (build == null) {
                return;
            }
            String context = build instanceof Map<?, ?> options ? text(options.get("context")) : text(build);
            String dockerfile = build instanceof Map<?, ?> options && options.get("dockerfile") != null
                    ? text(options.get("dockerfile"))
                    : "Dockerfile";
            if (!Files.isRegularFile(root.resolve(context).resolve(dockerfile))) {
                problems.add("docker-compose.yml services." + name + ": build " + context + " has no " + dockerfile);
            }
        });
        Stream.concat(SERVICES.stream(), Stream.of(CLI))
                .filter(service ->
                        map(map(compose.get("services")).get(service)).get("build") == null)
                .forEach(service ->
                        problems.add("docker-compose.yml services." + service + ": is not built from ./" + service));
        assertThat(problems).as("compose builds").isEmpty();
    }

    // ---- ports

    private static void checkComposePorts(List<String> problems) {
        Map<String, Object> services = map(compose.get("services"));
        for (ServiceConfig config : configs.values()) {
            String where = "docker-compose.yml services." + config.service();
            Map<String, Object> service = map(services.get(config.service()));
            for (Object mapping : list(service.get("ports"))) {
                String text = text(mapping);
                String containerPort = text.substring(text.lastIndexOf(':') + 1).replace("/tcp", "");
                if (!containerPort.equals(String.valueOf(config.port()))) {
                    problems.add(where + ": publishes container port " + containerPort + ", the service listens on "
                            + config.port());
                }
            }
            String healthcheck = String.join(
                    " ",
                    list(map(service.get("healthcheck")).get("test")).stream()
                            .map(DeploymentDescriptorsTest::text)
                            .toList());
            if (!healthcheck.contains("localhost:" + config.port() + READINESS_PATH)
                    && !healthcheck.contains("localhost:" + config.port() + LIVENESS_PATH)) {
                problems.add(where + ": the healthcheck '" + healthcheck + "' asks no Actuator probe on port "
                        + config.port());
            }
        }
    }

    private static void checkKubernetesPorts(List<String> problems) {
        for (Container container : containers()) {
            ServiceConfig config = configs.get(container.name());
            if (config == null) {
                continue;
            }
            for (Object port : list(container.spec().get("ports"))) {
                Object number = map(port).get("containerPort");
                if (!String.valueOf(config.port()).equals(text(number))) {
                    problems.add(container.where() + ": containerPort " + number + ", the service listens on "
                            + config.port());
                }
            }
            Map<String, String> probePaths = Map.of(
                    "livenessProbe", LIVENESS_PATH, "readinessProbe", READINESS_PATH, "startupProbe", LIVENESS_PATH);
            probePaths.forEach((probeName, expectedPath) -> {
                Map<String, Object> probe = map(container.spec().get(probeName));
                if (probe.isEmpty()) {
                    if (!probeName.equals("startupProbe")) {
                        problems.add(container.where() + ": has no " + probeName);
                    }
                    return;
                }
                Map<String, Object> httpGet = map(probe.get("httpGet"));
                String path = text(httpGet.get("path"));
                boolean startupOnEitherPath = probeName.equals("startupProbe") && READINESS_PATH.equals(path);
                if (!expectedPath.equals(path) && !startupOnEitherPath) {
                    problems.add(container.where() + ": " + probeName + " path " + path + " is not " + expectedPath);
                }
                Integer port = container.resolvePort(httpGet.get("port"));
                if (port == null || port != config.port()) {
                    problems.add(container.where() + ": " + probeName + " port " + httpGet.get("port") + " (" + port
                            + ") is not the service's port " + config.port());
                }
            });
        }
        for (Manifest service : manifestsOfKind("Service")) {
            Map<String, String> selector =
                    strings(map(service.document().get("spec")).get("selector"));
            List<Container> selected = containers().stream()
                    .filter(container -> !selector.isEmpty()
                            && container.podLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add(service.where() + ": selects no pod of k8s/ (selector " + selector + ")");
                continue;
            }
            for (Object port : list(map(service.document().get("spec")).get("ports"))) {
                Object target = map(port).getOrDefault("targetPort", map(port).get("port"));
                if (selected.stream().noneMatch(container -> container.resolvePort(target) != null)) {
                    problems.add(service.where() + ": targetPort " + target
                            + " is no container port of the pods it selects");
                }
            }
        }
    }

    private static void checkUrlPort(
            List<String> problems, Deployed deployed, ServiceConfig config, String variable, String target) {
        if (!config.placeholders().containsKey(variable)) {
            return;
        }
        String url = config.effective(deployed.environment(), variable);
        if (isBlank(url)) {
            return;
        }
        int port = configs.get(target).port();
        if (!String.valueOf(port).equals(urlPort(url))) {
            problems.add(
                    deployed.where() + ": " + variable + " " + url + " is not on the " + target + "'s port " + port);
        }
    }

    private static String urlPort(String url) {
        Matcher matcher = URL_PORT.matcher(url);
        return matcher.matches() ? matcher.group(1) : null;
    }

    // ---- where the services are deployed, and with which environment

    /**
     * One container of a service as a descriptor defines it.
     *
     * @param descriptor the file (compose) or directory (Kubernetes) the deployment belongs to
     * @param where the file and the item, for messages
     * @param service the service (module) name
     * @param environment its environment variables, resolved as far as the descriptor says
     */
    private record Deployed(String descriptor, String where, String service, Map<String, String> environment) {}

    private static List<Deployed> deployedServices(List<String> problems) {
        return deployed(SERVICES, problems);
    }

    private static List<Deployed> deployedCli(List<String> problems) {
        return deployed(List.of(CLI), problems).stream()
                .filter(deployed -> deployed.descriptor().equals("docker-compose.yml"))
                .toList();
    }

    private static List<Deployed> deployedCassandra(List<String> problems) {
        return deployed(List.of("cassandra"), problems);
    }

    /** Each named service as compose and the Kubernetes manifests define it; a service missing from one is a problem. */
    private static List<Deployed> deployed(List<String> names, List<String> problems) {
        List<Deployed> deployed = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        for (String name : names) {
            Map<String, Object> service = map(services.get(name));
            if (service.isEmpty()) {
                problems.add("docker-compose.yml: has no service " + name);
                continue;
            }
            String where = "docker-compose.yml services." + name;
            if (service.containsKey("env_file")) {
                problems.add(where + ": env_file is not checked here; set the variables under environment");
            }
            deployed.add(new Deployed("docker-compose.yml", where, name, composeEnvironment(service)));
        }
        for (String name : names) {
            List<Container> containers = containers().stream()
                    .filter(container -> container.name().equals(name))
                    .toList();
            if (containers.isEmpty() && !name.equals(CLI)) {
                problems.add("k8s/: no workload has a container named " + name);
            }
            for (Container container : containers) {
                deployed.add(new Deployed("k8s/", container.where(), name, kubernetesEnvironment(container, problems)));
            }
        }
        return deployed;
    }

    /** A service's environment as Compose passes it when no .env file and no shell variable is set. */
    private static Map<String, String> composeEnvironment(Map<String, Object> service) {
        Map<String, String> environment = new TreeMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?>) {
            map(declared)
                    .forEach((name, value) -> environment.put(name, interpolate(value == null ? "" : text(value))));
        } else {
            for (Object entry : list(declared)) {
                String text = text(entry);
                int equals = text.indexOf('=');
                environment.put(
                        equals < 0 ? text : text.substring(0, equals),
                        equals < 0 ? "" : interpolate(text.substring(equals + 1)));
            }
        }
        return environment;
    }

    private static String interpolate(String value) {
        Matcher matcher = COMPOSE_VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else if (matcher.group(2) != null && matcher.group(2).endsWith("-")) {
                replacement = matcher.group(3);
            } else {
                replacement = "";
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** A container's environment: envFrom first, env over it, then $(NAME) references; fieldRefs stay symbolic. */
    private static Map<String, String> kubernetesEnvironment(Container container, List<String> problems) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object entry : list(container.spec().get("envFrom"))) {
            Map<String, Object> source = map(entry);
            String prefix = source.get("prefix") == null ? "" : text(source.get("prefix"));
            boolean secret = source.containsKey("secretRef");
            Map<String, Object> reference = map(source.get(secret ? "secretRef" : "configMapRef"));
            Map<String, String> values = (secret ? secrets : configMaps).get(text(reference.get("name")));
            if (values == null) {
                if (!Boolean.TRUE.equals(reference.get("optional"))) {
                    problems.add(container.where() + ": envFrom " + (secret ? "Secret " : "ConfigMap ")
                            + reference.get("name") + " is not in k8s/");
                }
                continue;
            }
            values.forEach((name, value) -> environment.put(prefix + name, value));
        }
        for (Object entry : list(container.spec().get("env"))) {
            Map<String, Object> variable = map(entry);
            String name = text(variable.get("name"));
            if (variable.containsKey("value")) {
                environment.put(name, text(variable.get("value")));
                continue;
            }
            Map<String, Object> valueFrom = map(variable.get("valueFrom"));
            boolean secret = valueFrom.containsKey("secretKeyRef");
            Map<String, Object> keyRef = map(valueFrom.get(secret ? "secretKeyRef" : "configMapKeyRef"));
            if (!keyRef.isEmpty()) {
                Map<String, String> values = (secret ? secrets : configMaps).get(text(keyRef.get("name")));
                String value = values == null ? null : values.get(text(keyRef.get("key")));
                if (value == null && !Boolean.TRUE.equals(keyRef.get("optional"))) {
                    problems.add(container.where() + ": " + name + " refers to key " + keyRef.get("key") + " of "
                            + (secret ? "Secret " : "ConfigMap ") + keyRef.get("name") + ", which is not in k8s/");
                }
                environment.put(name, value == null ? "" : value);
            } else {
                Map<String, Object> fieldRef = map(valueFrom.get("fieldRef"));
                environment.put(
                        name, "<" + (fieldRef.isEmpty() ? valueFrom.keySet() : fieldRef.get("fieldPath")) + ">");
            }
        }
        environment.replaceAll((name, value) -> {
            Matcher matcher = DEPENDENT_VARIABLE.matcher(value);
            StringBuilder result = new StringBuilder();
            while (matcher.find()) {
                String replacement = environment.getOrDefault(matcher.group(1), matcher.group());
                matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(result);
            return result.toString();
        });
        return new TreeMap<>(environment);
    }

    // ---- Kubernetes manifests

    /** One document of a file in k8s/. */
    private record Manifest(Path file, Map<String, Object> document) {
        String kind() {
            return text(document.get("kind"));
        }

        String name() {
            return text(map(document.get("metadata")).get("name"));
        }

        String where() {
            return file + " " + kind() + "/" + name();
        }
    }

    /** A container of a workload's pod template. */
    private record Container(Manifest owner, Map<String, String> podLabels, Map<String, Object> spec) {
        String name() {
            return text(spec.get("name"));
        }

        String where() {
            return owner.where() + " container " + name();
        }

        /** The number of a port given by number or by name, when this container declares it. */
        Integer resolvePort(Object port) {
            for (Object declared : list(spec.get("ports"))) {
                Object number = map(declared).get("containerPort");
                if (String.valueOf(port).equals(text(number))
                        || String.valueOf(port).equals(text(map(declared).get("name")))) {
                    return number instanceof Integer value ? value : null;
                }
            }
            return null;
        }
    }

    private static List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (!Set.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(manifest.kind())) {
                continue;
            }
            Map<String, Object> template =
                    map(map(manifest.document().get("spec")).get("template"));
            Map<String, String> labels = strings(map(template.get("metadata")).get("labels"));
            Map<String, Object> podSpec = map(template.get("spec"));
            for (String field : List.of("initContainers", "containers")) {
                for (Object container : list(podSpec.get(field))) {
                    containers.add(new Container(manifest, labels, map(container)));
                }
            }
        }
        return containers;
    }

    private static List<Manifest> manifestsOfKind(String kind) {
        return manifests.stream()
                .filter(manifest -> kind.equals(manifest.kind()))
                .toList();
    }

    private static String scaleTarget(Manifest autoscaler) {
        return text(map(map(autoscaler.document().get("spec")).get("scaleTargetRef"))
                .get("name"));
    }

    private static List<Path> k8sFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("k8s"))) {
            return files.filter(file ->
                            file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    // ---- what the services read

    /**
     * What a service's application.yml reads.
     *
     * @param service the module
     * @param file the application.yml, relative to the repository root
     * @param placeholders the {@code ${NAME:default}} environment placeholders, by name; the default is null if none
     * @param environmentNames the environment variable names that bind to its keys (Spring Boot's relaxed binding)
     * @param port the default of {@code server.port}
     */
    private record ServiceConfig(
            String service, Path file, Map<String, String> placeholders, Set<String> environmentNames, int port) {

        static ServiceConfig read(Path root, String service) throws IOException {
            Path file = Path.of(service, "src", "main", "resources", "application.yml");
            Map<String, String> values = new TreeMap<>();
            flatten("", loadAll(root.resolve(file)).get(0), values);
            Map<String, String> placeholders = new TreeMap<>();
            for (String value : values.values()) {
                Matcher matcher = PLACEHOLDER.matcher(value);
                while (matcher.find()) {
                    placeholders.put(matcher.group(1), matcher.group(2));
                }
            }
            Set<String> environmentNames = new TreeSet<>();
            for (String key : values.keySet()) {
                // Spring Boot binds both SPRING_KAFKA_BOOTSTRAPSERVERS and SPRING_KAFKA_BOOTSTRAP_SERVERS.
                String underscored = key.replace('.', '_').toUpperCase(Locale.ROOT);
                environmentNames.add(underscored.replace("-", ""));
                environmentNames.add(underscored.replace('-', '_'));
            }
            Matcher port = PLACEHOLDER.matcher(values.getOrDefault("server.port", ""));
            String portDefault = port.matches() ? port.group(2) : values.get("server.port");
            assertThat(portDefault)
                    .as("%s: server.port needs a numeric default", file)
                    .matches("\\d+");
            return new ServiceConfig(service, file, placeholders, environmentNames, Integer.parseInt(portDefault));
        }

        /** The value the service ends up with: the environment's, else the placeholder's default. */
        String effective(Map<String, String> environment, String variable) {
            return environment.containsKey(variable) ? environment.get(variable) : placeholders.get(variable);
        }

        private static void flatten(String prefix, Object node, Map<String, String> values) {
            if (node instanceof Map<?, ?>) {
                map(node).forEach((key, value) -> flatten(prefix.isEmpty() ? key : prefix + "." + key, value, values));
            } else if (node instanceof List<?>) {
                List<Object> items = list(node);
                for (int index = 0; index < items.size(); index++) {
                    flatten(prefix + "[" + index + "]", items.get(index), values);
                }
            } else if (node != null) {
                values.put(prefix, text(node));
            }
        }
    }

    /** The variables the ringvault command reads: the RINGVAULT_* string constants of its sources. */
    private static Set<String> cliVariables() throws IOException {
        Set<String> variables = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(root.resolve("cli/src/main/java"))) {
            for (Path source :
                    sources.filter(file -> file.toString().endsWith(".java")).toList()) {
                Matcher matcher = CLI_VARIABLE.matcher(Files.readString(source));
                while (matcher.find()) {
                    variables.add(matcher.group(1));
                }
            }
        }
        return variables;
    }

    // ---- files

    private static Path repositoryRoot() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("docker-compose.yml"))
                    && Files.isDirectory(directory.resolve("k8s"))) {
                return directory;
            }
        }
        throw new IllegalStateException(
                "no directory above " + Path.of("").toAbsolutePath() + " holds docker-compose.yml and k8s/");
    }

    private static List<Object> loadAll(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        assertThat(documents).as("%s holds no YAML document", file).isNotEmpty();
        return documents;
    }

    /** Instructions' arguments, continuation lines joined. */
    private static List<String> dockerfileInstructions(Path dockerfile, String instruction) throws IOException {
        String joined = Files.readString(dockerfile).replaceAll("\\\\\\r?\\n", " ");
        return joined.lines()
                .map(String::strip)
                .filter(line -> line.toUpperCase(Locale.ROOT).startsWith(instruction + " "))
                .map(line -> line.substring(instruction.length()).strip())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node instanceof List<?> list ? (List<Object>) list : List.of();
    }

    private static Map<String, String> strings(Object node) {
        Map<String, String> strings = new TreeMap<>();
        map(node).forEach((key, value) -> strings.put(key, value == null ? "" : text(value)));
        return strings;
    }

    private static String text(Object node) {
        return node == null ? null : String.valueOf(node);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

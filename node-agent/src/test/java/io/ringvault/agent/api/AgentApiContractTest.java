package io.ringvault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.ringvault.agent.restore.StagingArea;
import io.ringvault.agent.snapshot.SnapshotFileAccess;
import io.ringvault.agent.snapshot.SnapshotRecord;
import io.ringvault.agent.snapshot.SnapshotRegistry;
import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentProblem;
import io.ringvault.agentapi.AgentReasons;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the agent serves and what agent-api's OpenAPI document ({@code /openapi/node-agent.yaml}) says are one API:
 * every controller mapping is an operation of the document and the other way round, with the same path variables and
 * headers; every reason the agent answers with is declared, with its status; and refusals look like the document's
 * problem. The mappings are Spring MVC's own, built from the controllers of this package; no Cassandra, no server.
 */
class AgentApiContractTest {
    private static final String API_PACKAGE = "io.ringvault.agent.api";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "head", "patch", "options");
    private static final Pattern FILE_ACCESS_REASON =
            Pattern.compile("FileAccessException\\.(notFound|forbidden)\\(\\s*FailureReason\\.([A-Z_]+)");
    /** The reasons the restore domain refuses with, as its sources name them. */
    private static final Pattern RESTORE_REASON =
            Pattern.compile("new RestoreException\\(\\s*FailureReason\\.([A-Z_]+)");

    private static final String TABLE_DIRECTORY = "orders-0123456789abcdef0123456789abcdef";

    private final Map<String, Object> document = document();

    @TempDir
    Path root;

    @Test
    void shouldServeExactlyTheOperationsOfTheDocument() {
        assertThat(handlers().keySet())
                .containsExactlyInAnyOrderElementsOf(operations().keySet());
    }

    @Test
    void shouldTakeThePathVariablesAndHeadersTheDocumentDeclares() {
        handlers().forEach((operation, handler) -> {
            Map<String, Object> documented = operations().get(operation);
            assertThat(annotated(handler, PathVariable.class))
                    .as("path variables of %s", operation)
                    .containsExactlyInAnyOrderElementsOf(parameters(documented, "path"));
            assertThat(annotated(handler, RequestHeader.class))
                    .as("headers of %s", operation)
                    .containsExactlyInAnyOrderElementsOf(parameters(documented, "header"));
        });
    }

    @Test
    void shouldConsumeTheMediaTypesTheDocumentDeclares() {
        RequestMappingHandlerMapping mapping = mapping();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            Set<String> consumes = new TreeSet<>();
            info.getConsumesCondition().getConsumableMediaTypes().forEach(type -> consumes.add(type.toString()));
            if (consumes.isEmpty()) {
                return;
            }
            Map<String, Object> operation = operations().get(key(info));
            assertThat(map(operation, "requestBody", "content").keySet())
                    .as("request body of %s", key(info))
                    .containsExactlyInAnyOrderElementsOf(consumes);
        });
    }

    @Test
    void shouldDeclareEveryReasonOfARestoreRefusal() throws IOException {
        Set<FailureReason> used = new TreeSet<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/io/ringvault/agent/restore"))) {
            for (Path source : sources.toList()) {
                Matcher call = RESTORE_REASON.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (call.find()) {
                    used.add(FailureReason.valueOf(call.group(1)));
                }
            }
        }

        assertThat(used).contains(FailureReason.CHECKSUM_MISMATCH, FailureReason.STAGING_BUSY);
        for (FailureReason reason : used) {
            assertThat(AgentReasons.declares(reason)).as(reason.code()).isTrue();
            ResponseEntity<ProblemDetail> answer = ProblemHandler.problem(reason, "detail");
            assertThat(answer.getStatusCode().value()).as(reason.code()).isEqualTo(AgentReasons.status(reason));
            assertThat(answer.getBody().getProperties()).containsEntry(AgentProblem.REASON, reason.code());
            assertThat(answer.getBody().getTitle()).isEqualTo(reason.message());
        }
    }

    @Test
    void shouldDeclareEveryReasonTheSnapshotFilesAreRefusedWith() throws IOException {
        Map<FailureReason, String> used = new TreeMap<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/io/ringvault/agent/snapshot"))) {
            for (Path source : sources.toList()) {
                Matcher call = FILE_ACCESS_REASON.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (call.find()) {
                    used.put(FailureReason.valueOf(call.group(2)), call.group(1));
                }
            }
        }

        assertThat(used).containsKeys(FailureReason.UNKNOWN_SNAPSHOT, FailureReason.OUTSIDE_SNAPSHOT);
        used.forEach((reason, kind) -> assertThat(AgentReasons.status(reason))
                .as(reason.code())
                .isEqualTo(kind.equals("forbidden") ? 403 : 404));
    }

    @Test
    void shouldAnswerRefusalsWithTheDocumentsProblem() throws Exception {
        MockMvc mvc = mockMvc();
        String file = "/api/v1/snapshots/b1/files/0/shop/" + TABLE_DIRECTORY + "/nb-1-big-Data.db";

        assertProblem(
                mvc,
                get("/api/v1/snapshots/b9/files/0/shop/" + TABLE_DIRECTORY + "/nb-1-big-Data.db"),
                FailureReason.UNKNOWN_SNAPSHOT);
        MvcResult range = assertProblem(
                mvc, get(file).header(AgentHeaders.RANGE, "bytes=4-"), FailureReason.RANGE_NOT_SATISFIABLE);
        assertThat(range.getResponse().getHeader(AgentHeaders.CONTENT_RANGE)).isEqualTo("bytes */4");
        assertProblem(
                mvc,
                put("/api/v1/restores/op-1/staging/shop-x/users/nb-1-big-Data.db")
                        .contentType("application/octet-stream")
                        .header(AgentHeaders.SHA256, "ab".repeat(32))
                        .content(new byte[] {1}),
                FailureReason.INVALID_NAME);
        assertProblem(
                mvc,
                put("/api/v1/restores/op-1/staging/system/users/nb-1-big-Data.db")
                        .contentType("application/octet-stream")
                        .content(new byte[] {1}),
                FailureReason.KEYSPACE_NOT_ALLOWED);

        MvcResult partial =
                mvc.perform(get(file).header(AgentHeaders.RANGE, "bytes=1-")).andReturn();
        assertThat(partial.getResponse().getStatus()).isEqualTo(206);
        assertThat(partial.getResponse().getHeader(AgentHeaders.CONTENT_RANGE)).isEqualTo("bytes 1-3/4");
        assertThat(partial.getResponse().getHeader(AgentHeaders.ACCEPT_RANGES)).isEqualTo("bytes");
        assertThat(partial.getResponse().getContentAsString()).isEqualTo("ata");
    }

    private MvcResult assertProblem(MockMvc mvc, MockHttpServletRequestBuilder request, FailureReason reason)
            throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        Method handled = ((HandlerMethod) result.getHandler()).getMethod();
        String operation = handlers().entrySet().stream()
                .filter(handler -> handler.getValue().getMethod().equals(handled))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        JsonNode problem =
                JsonMapper.builder().build().readTree(result.getResponse().getContentAsString());

        int status = AgentReasons.status(reason);
        assertThat(result.getResponse().getStatus()).as(operation).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).as(operation).startsWith(AgentProblem.MEDIA_TYPE);
        assertThat(problem.path(AgentProblem.REASON).asString()).as(operation).isEqualTo(reason.code());
        assertThat(problem.path("status").asInt()).as(operation).isEqualTo(status);
        assertThat(problem.path("title").asString()).as(operation).isEqualTo(reason.message());
        assertThat(problem.propertyNames())
                .as("fields of the problem of %s", operation)
                .isSubsetOf(map(document, "components", "schemas", "Problem", "properties")
                        .keySet());
        assertThat(map(operations().get(operation), "responses"))
                .as("documented answers of %s", operation)
                .containsKey(Integer.toString(status));
        return result;
    }

    private MockMvc mockMvc() throws IOException {
        Path data = Files.createDirectories(root.resolve("data"));
        Path snapshot = Files.createDirectories(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/b1"));
        Files.writeString(snapshot.resolve("nb-1-big-Data.db"), "data");
        SnapshotRegistry registry = new SnapshotRegistry(root.resolve("work"));
        registry.put(new SnapshotRecord("b1", List.of("shop"), Map.of(), SnapshotRecord.Status.TAKEN, Instant.now()));
        return MockMvcBuilders.standaloneSetup(
                        new SnapshotFilesController(new SnapshotFileAccess(List.of(data), registry)),
                        new RestoreStagingController(StagingArea.open(root.resolve("staging"), data), null))
                .setControllerAdvice(new ProblemHandler())
                .build();
    }

    /** Spring MVC's mappings of the controllers of this package, as the agent builds them, by {@code METHOD path}. */
    private static Map<String, HandlerMethod> handlers() {
        Map<String, HandlerMethod> handlers = new LinkedHashMap<>();
        mapping().getHandlerMethods().forEach((info, handler) -> handlers.put(key(info), handler));
        return handlers;
    }

    private static RequestMappingHandlerMapping mapping() {
        GenericWebApplicationContext context = new GenericWebApplicationContext(new MockServletContext());
        ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(context, false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        // The mappings come from the types: the controllers are never created, so they need no collaborators.
        scanner.getBeanDefinitionDefaults().setLazyInit(true);
        assertThat(scanner.scan(API_PACKAGE))
                .as("controllers in " + API_PACKAGE)
                .isPositive();
        context.refresh();
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    private static String key(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        Set<String> patterns = info.getPatternValues();
        assertThat(methods).as(info.toString()).hasSize(1);
        assertThat(patterns).as(info.toString()).hasSize(1);
        return methods.iterator().next().name() + " " + patterns.iterator().next();
    }

    private static Set<String> annotated(HandlerMethod handler, Class<? extends Annotation> kind) {
        Set<String> names = new LinkedHashSet<>();
        Method method = handler.getMethod();
        for (int i = 0; i < method.getParameterCount(); i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            if (kind == PathVariable.class && parameter.hasParameterAnnotation(PathVariable.class)) {
                PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
                names.add(variable.name().isEmpty() ? parameter.getParameterName() : variable.name());
            }
            if (kind == RequestHeader.class && parameter.hasParameterAnnotation(RequestHeader.class)) {
                names.add(parameter.getParameterAnnotation(RequestHeader.class).name());
            }
        }
        return names;
    }

    /** The names of the operation's parameters in {@code where} (path, header), references resolved. */
    private List<String> parameters(Map<String, Object> operation, String where) {
        List<String> names = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parameters =
                (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of());
        for (Map<String, Object> parameter : parameters) {
            Map<String, Object> resolved = parameter;
            if (parameter.get("$ref") instanceof String ref) {
                resolved = map(document, "components", "parameters", ref.substring(ref.lastIndexOf('/') + 1));
            }
            if (where.equals(resolved.get("in"))) {
                names.add((String) resolved.get("name"));
            }
        }
        return names;
    }

    /** Every operation of the document, by {@code METHOD path}. */
    private Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> operations = new LinkedHashMap<>();
        map(document, "paths").forEach((path, item) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> methods = (Map<String, Object>) item;
            methods.forEach((method, operation) -> {
                if (METHODS.contains(method)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> op = (Map<String, Object>) operation;
                    operations.put(method.toUpperCase() + " " + path, op);
                }
            });
        });
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            Object next = current.get(key);
            assertThat(next).as(String.join(".", path) + " at " + key).isInstanceOf(Map.class);
            current = (Map<String, Object>) next;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() {
        try (InputStream in = AgentApiContractTest.class.getResourceAsStream("/openapi/node-agent.yaml")) {
            assertThat(in).as("agent-api's OpenAPI document on the class path").isNotNull();
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

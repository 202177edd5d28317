package dev.nexo.memory.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;

/**
 * {@code /admin/api/memory}: the store's status and counters (embedded since start, vectors
 * stored and indexed, graphs loaded or built), and per agent (query {@code tenant}, default
 * {@code default}): list, store, recall ({@code {id, content, tags}}, never scores) and a JSON-lines
 * export. Guarded by the core's admin auth filter like every admin resource; errors are the admin
 * API's {@code {"error":"<code>","message":"…"}}.
 */
@Component(service = MemoryResource.class)
@JaxrsResource
@JaxrsExtensionSelect("(osgi.jaxrs.name=nexo.admin.auth)")
@JaxrsName("nexo.admin.memory")
@JSONRequired
@Path("/admin/api/memory")
@Produces(MediaType.APPLICATION_JSON)
public class MemoryResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 30;
    private static final int MAX_LIST = 1000;

    private final MemoryComponent memory;

    @Activate
    public MemoryResource(@Reference MemoryComponent memory) {
        this.memory = memory;
    }

    @GET
    public Response status() {
        SqliteMemoryStore s = memory.engine();
        Map<String, Object> body = new LinkedHashMap<>(s.stats());
        try {
            body.put("stored_vectors", await(s.vectorCount()));
        } catch (Exception e) {
            return failure(e);
        }
        body.put("vector_refusal", s.refusal().orElse(null));
        return Response.ok(body).build();
    }

    @GET
    @Path("{agent}")
    public Response list(@PathParam("agent") String agent, @QueryParam("tenant") String tenant,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        try {
            MemoryScope scope = scope(tenant, agent);
            int n = Math.max(1, Math.min(limit, MAX_LIST));
            List<Map<String, Object>> out = new ArrayList<>();
            await(memory.exportRecords(scope, r -> {
                if (out.size() < n) {
                    out.add(view(r));
                }
            }));
            return Response.ok(out).build();
        } catch (Exception e) {
            return failure(e);
        }
    }

    @POST
    @Path("{agent}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response store(@PathParam("agent") String agent, @QueryParam("tenant") String tenant, String body) {
        try {
            MemoryScope scope = scope(tenant, agent);
            JsonNode in = JSON.readTree(body == null ? "" : body);
            if (in == null || !in.path("content").isTextual()) {
                return error(400, "invalid_request", "body must be {\"content\": \"…\", \"tags\": [\"…\"]}");
            }
            MemoryRecord r = await(memory.store(scope, in.get("content").asText(), MemoryTools.strings(in.path("tags")),
                    MemorySource.NONE));
            return Response.status(201).entity(view(r)).build();
        } catch (Exception e) {
            return failure(e);
        }
    }

    @POST
    @Path("{agent}/recall")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recall(@PathParam("agent") String agent, @QueryParam("tenant") String tenant, String body) {
        try {
            MemoryScope scope = scope(tenant, agent);
            JsonNode in = JSON.readTree(body == null ? "" : body);
            if (in == null || !in.path("query").isTextual()) {
                return error(400, "invalid_request", "body must be {\"query\": \"…\", \"limit\": 5, \"mode\": \"hybrid\"}");
            }
            RecallMode mode = in.hasNonNull("mode") ? RecallMode.valueOf(in.get("mode").asText().toUpperCase(Locale.ROOT))
                    : RecallMode.HYBRID;
            RecallQuery q = new RecallQuery(in.get("query").asText(), in.path("limit").asInt(RecallQuery.DEFAULT_LIMIT),
                    mode, MemoryTools.strings(in.path("tags")));
            List<Map<String, Object>> out = new ArrayList<>();
            await(memory.recall(scope, q)).forEach(r -> out.add(view(r)));
            return Response.ok(Map.of("results", out)).build();
        } catch (Exception e) {
            return failure(e);
        }
    }

    @GET
    @Path("{agent}/export")
    @Produces("application/x-ndjson")
    public Response export(@PathParam("agent") String agent, @QueryParam("tenant") String tenant) {
        try {
            MemoryScope scope = scope(tenant, agent);
            StringBuilder sb = new StringBuilder();
            await(memory.exportRecords(scope, r -> sb.append(Jsonl.write(r, null)).append('\n')));
            StreamingOutput stream = out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            return Response.ok(stream, "application/x-ndjson").build();
        } catch (Exception e) {
            return failure(e);
        }
    }

    private static Map<String, Object> view(MemoryRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("content", r.content());
        m.put("tags", r.tags());
        m.put("created_at", r.createdAt().toString());
        return m;
    }

    private static MemoryScope scope(String tenant, String agent) {
        return new MemoryScope(tenant == null || tenant.isBlank() ? "default" : tenant, agent);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private static Response failure(Exception e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof MemoryException me) {
            int status = switch (me.code()) {
                case SECRET_DETECTED, SCOPE_VIOLATION -> 422;
                case UNAVAILABLE, DIMENSION_MISMATCH -> 503;
                default -> 500;
            };
            return error(status, me.code().wireName(), me.getMessage());
        }
        if (c instanceof IllegalArgumentException || c instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return error(400, "invalid_request", c.getMessage());
        }
        if (c instanceof TimeoutException) {
            return error(503, "timeout", "the memory store did not answer in " + WAIT_SECONDS + " s");
        }
        return error(500, "internal_error", c.getClass().getSimpleName());
    }

    private static Response error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

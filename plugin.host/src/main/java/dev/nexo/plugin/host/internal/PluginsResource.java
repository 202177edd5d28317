package dev.nexo.plugin.host.internal;

import dev.nexo.plugin.host.internal.manifest.ManifestParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/api/plugins}: list, inspect, restart, install (tarball + sha256) and remove
 * subprocess plugins. Behind the core's admin key check like every admin resource.
 */
@Component(service = PluginsResource.class)
@JaxrsResource
@JaxrsExtensionSelect("(osgi.jaxrs.name=nexo.admin.auth)")
@JaxrsName("nexo.admin.plugins")
@JSONRequired
@Path("/admin/api/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");

    private final PluginHost host;

    @Activate
    public PluginsResource(@Reference PluginHost host) {
        this.host = host;
    }

    @GET
    public List<PluginDTO> list() {
        return host.entries().stream().map(e -> PluginDTO.of(host, e, false)).toList();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return host.entries().stream().filter(e -> e.instance() != null && e.instance().id().equals(id)).findFirst()
                .map(e -> Response.ok(PluginDTO.of(host, e, true)).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("{id}/restart")
    public Response restart(@PathParam("id") String id) {
        return host.plugin(id).map(p -> {
            AUDIT.info("plugin.restart id={}", id);
            host.scheduler().execute(p::restart);
            return Response.accepted(Map.of("id", id, "restarting", true)).build();
        }).orElseGet(() -> notFound(id));
    }

    @POST
    @Consumes({"application/gzip", "application/x-gzip", "application/octet-stream", "application/x-tar"})
    public Response install(@QueryParam("sha256") String sha256, InputStream body) {
        PluginInstaller installer = new PluginInstaller(host.installDir(), new ManifestParser(host.nexoVersion(), true));
        try {
            PluginInstaller.Result r = installer.install(body, sha256, host.maxInstallBytes(), host::unload);
            AUDIT.info("plugin.install id={} version={} sha256={} replaced={}", r.manifest().id(),
                    r.manifest().version(), r.sha256(), r.replaced());
            host.rescan();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", true);
            out.put("id", r.manifest().id());
            out.put("version", r.manifest().version());
            out.put("plugin_dir", r.dir().toString());
            out.put("sha256", r.sha256());
            out.put("size_bytes", r.sizeBytes());
            out.put("was_already_present", r.replaced());
            out.put("state", host.plugin(r.manifest().id()).map(p -> p.state().wireName()).orElse("unknown"));
            return Response.status(201).entity(out).build();
        } catch (InstallException e) {
            AUDIT.info("plugin.install refused code={} reason={}", e.code(), e.getMessage());
            int status = "payload_too_large".equals(e.code()) ? 413 : "install_failed".equals(e.code()) ? 500 : 400;
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.code());
            err.put("message", e.getMessage());
            if (!e.problems().isEmpty()) {
                err.put("problems", e.problems());
            }
            return Response.status(status).entity(err).build();
        }
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
        if (host.plugin(id).isEmpty()) {
            return notFound(id);
        }
        host.unload(id);
        try {
            new PluginInstaller(host.installDir(), new ManifestParser(host.nexoVersion(), true)).remove(id);
        } catch (IOException e) {
            return Response.status(500).entity(Map.of("error", "remove_failed", "message", e.getMessage())).build();
        }
        AUDIT.info("plugin.remove id={}", id);
        return Response.noContent().build();
    }

    private static Response notFound(String id) {
        return Response.status(404).entity(Map.of("error", "not_found", "message", "no plugin '" + id + "'")).build();
    }
}

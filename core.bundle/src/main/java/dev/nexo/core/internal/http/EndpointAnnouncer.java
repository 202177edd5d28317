package dev.nexo.core.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.core.internal.runtime.NexoPaths;

/**
 * Tells the operator, once the HTTP server is up, where the admin API listens: in the log, and in
 * {@code <state root>/admin.url}, which the {@code nexo} CLI reads so that commands find the running
 * container whatever port it chose. The file is removed when the HTTP runtime goes away.
 */
@Component(immediate = true, service = {})
public class EndpointAnnouncer {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAnnouncer.class);

    private final Path file;

    @Activate
    public EndpointAnnouncer(BundleContext context,
            @Reference(service = HttpServiceRuntime.class) ServiceReference<HttpServiceRuntime> runtime) {
        Object endpoint = runtime.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String[] all = endpoint instanceof String[] list ? list : new String[] {String.valueOf(endpoint)};
        LOG.info("admin API listening on {} (/health, /ready, /metrics; /admin/api/* needs the connection-key)",
                Arrays.toString(all));
        this.file = NexoPaths.stateRoot(context::getProperty).resolve(NexoPaths.ADMIN_URL_FILE);
        write(file, all.length == 0 ? "" : all[0]);
    }

    @Deactivate
    void deactivate() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", file, e.toString());
        }
    }

    static void write(Path file, String url) {
        if (url.isBlank() || !url.startsWith("http")) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, url.endsWith("/") ? url.substring(0, url.length() - 1) : url, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not write the admin URL to {}: {}", file, e.toString());
        }
    }
}

package dev.nexo.core.internal.http;

import java.util.Arrays;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the operator, once the HTTP server is up, where the admin API listens. */
@Component(immediate = true, service = {})
public class EndpointAnnouncer {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAnnouncer.class);

    @Activate
    public EndpointAnnouncer(@Reference(service = HttpServiceRuntime.class) ServiceReference<HttpServiceRuntime> runtime) {
        Object endpoint = runtime.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String where = endpoint instanceof String[] list ? Arrays.toString(list) : String.valueOf(endpoint);
        LOG.info("admin API listening on {} (/health, /ready, /metrics; /admin/api/* needs the connection-key)", where);
    }
}

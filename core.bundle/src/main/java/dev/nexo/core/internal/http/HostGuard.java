package dev.nexo.core.internal.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a request's {@code Host} and {@code Origin} name this server. Guards against DNS
 * rebinding and cross-site requests from a browser on the same machine: a page on another origin
 * cannot make the browser send our Host or Origin.
 */
final class HostGuard {
    private final Set<String> extraHosts;

    HostGuard(String[] extraHosts) {
        Set<String> hosts = new HashSet<>();
        if (extraHosts != null) {
            for (String h : extraHosts) {
                if (h != null && !h.isBlank()) {
                    hosts.add(h.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        this.extraHosts = Set.copyOf(hosts);
    }

    /** @return true if {@code host} (the Host header) names this server on {@code localPort} */
    boolean hostAllowed(String host, int localPort) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        return loopbackNames(localPort).contains(h) || extraHosts.contains(h);
    }

    /** @return true if there is no Origin, or it is {@code http://<allowed host>} */
    boolean originAllowed(String origin, int localPort) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"http://", "https://"}) {
            if (o.startsWith(scheme)) {
                return hostAllowed(o.substring(scheme.length()), localPort);
            }
        }
        return false;
    }

    private static Set<String> loopbackNames(int port) {
        return Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    }
}

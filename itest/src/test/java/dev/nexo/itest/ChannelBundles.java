package dev.nexo.itest;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.Channel;

/** What the channel bundle tests look at: the shipped bundle, its Channel services, its threads, the admin API's list. */
public final class ChannelBundles {
    private ChannelBundles() {
    }

    /** @return the distribution's bundle {@code bsn}; fails if it is not installed */
    public static Bundle bundle(BundleContext context, String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(bsn + " is not in the distribution"));
    }

    /** @return the instances of the registered {@link Channel} services of {@code kind}, sorted */
    public static List<String> instances(BundleContext context, String kind) {
        try {
            return context.getServiceReferences(Channel.class, "(" + Channel.KIND + "=" + kind + ")").stream()
                    .map(r -> String.valueOf(r.getProperty(Channel.INSTANCE))).sorted().collect(Collectors.toList());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the instances {@code GET /admin/api/channels} lists of {@code kind}, attributed to bundle {@code bsn}, sorted */
    public static List<String> adminInstances(JsonNode channels, String kind, String bsn) {
        return StreamSupport.stream(channels.spliterator(), false)
                .filter(c -> kind.equals(c.path("kind").asText()) && bsn.equals(c.path("bundle").asText()))
                .map(c -> c.path("instance").asText()).sorted().collect(Collectors.toList());
    }

    /** @return the names of the live threads whose name {@code matches}, sorted */
    public static List<String> threads(Predicate<String> matches) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).filter(matches)
                .sorted().collect(Collectors.toList());
    }
}

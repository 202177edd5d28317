package dev.nexo.channel.whatsapp.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The account-level sender allow-list: {@code acl.allow_list} plus the comma-separated numbers in
 * the environment variable {@code acl.from_env}. Both empty means open. Numbers compare as bare
 * digits, so {@code +57 300 000 0000}, {@code 573000000000@s.whatsapp.net} and
 * {@code 573000000000} are the same sender. Pairing of unknown senders is not done here: the
 * core's router applies the pairing service for bindings that require it.
 */
final class Acl {
    private final Set<String> allowed;

    Acl(String[] allowList, String envValue) {
        Stream<String> fromEnv = envValue == null ? Stream.empty() : Arrays.stream(envValue.split(","));
        this.allowed = Stream.concat(Arrays.stream(allowList), fromEnv).map(Acl::normalise)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** @return whether messages from this sender are published */
    boolean admits(String sender) {
        return allowed.isEmpty() || allowed.contains(normalise(sender));
    }

    /** @return the digits of a phone number or JID, without {@code +}, spaces or the JID suffix */
    static String normalise(String number) {
        String n = number.trim();
        int at = n.indexOf('@');
        if (at >= 0) {
            n = n.substring(0, at);
        }
        int colon = n.indexOf(':'); // device suffix of multi-device JIDs, 5730...:12@s.whatsapp.net
        if (colon >= 0) {
            n = n.substring(0, colon);
        }
        return n.replaceAll("[^0-9]", "");
    }
}

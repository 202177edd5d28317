package dev.nexo.channel.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The typed config reads exactly the keys the core writes for {@code plugins/email.yaml}: nested
 * YAML keys flattened with dots. Method names map to keys by the DS rule ({@code __} is an
 * underscore, {@code _} a dot), applied here to catch a misspelt method that would silently
 * fall back to its default.
 */
class EmailConfigNamesTest {
    private static final Set<String> YAML_KEYS = Set.of("instance", "enabled", "address", "imap.host", "imap.port",
            "imap.tls", "imap.idle", "smtp.host", "smtp.port", "smtp.tls", "auth.kind", "auth.username",
            "auth.password", "auth.access_token", "folders.inbox", "folders.archive", "after_processing",
            "filters.from_allowlist", "filters.from_denylist", "max_body_bytes", "max_attachment_bytes",
            "attachments_dir", "outbound_queue_dir", "poll_fallback_seconds", "idle_reissue_minutes",
            "loop_prevention.auto_submitted", "loop_prevention.list_headers", "loop_prevention.self_from",
            "rate_limit.per_sender_per_hour");

    static String propertyName(String method) {
        return method.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    @Test
    void everyMethodNamesAKeyOfTheEmailSchema() {
        Set<String> names = Arrays.stream(EmailConfig.class.getDeclaredMethods()).map(Method::getName)
                .map(EmailConfigNamesTest::propertyName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(YAML_KEYS), names);
    }
}

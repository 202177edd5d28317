package dev.nexo.channel.email.internal.imap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the channel remembers about recent messages so replies can be threaded after a restart:
 * per Message-ID its thread root, sender, subject and References; per thread root the last
 * counterpart and message. Bounded (oldest entries dropped) and persisted atomically as JSON.
 */
public final class ThreadIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENTRIES = 5000;

    /** One remembered message; public fields for Jackson. */
    public static final class Entry {
        public String root;
        public String from;
        public String subject;
        public List<String> references = new ArrayList<>();
        public long uid;
    }

    /** The state of one thread; public fields for Jackson. */
    public static final class ThreadState {
        public String peer;
        public String subject;
        public String lastMessageId;
    }

    /** The persisted form; public fields for Jackson. */
    public static final class Data {
        public LinkedHashMap<String, Entry> messages = new LinkedHashMap<>();
        public LinkedHashMap<String, ThreadState> threads = new LinkedHashMap<>();
    }

    private final Path file;
    private final Data data;

    /** @param file the index file; read when it exists */
    public ThreadIndex(Path file) {
        this.file = file;
        Data loaded = new Data();
        if (Files.exists(file)) {
            try {
                loaded = JSON.readValue(file.toFile(), new TypeReference<Data>() { });
            } catch (IOException e) {
                loaded = new Data(); // a damaged index only costs threading of old mail
            }
        }
        this.data = loaded;
    }

    /**
     * The thread root of a new message: the root of a known parent, else the first reference,
     * else the parent, else the message itself.
     *
     * @param messageId the message's id
     * @param inReplyTo its parent, or null
     * @param references its References, oldest first
     * @return the thread root id
     */
    public synchronized String rootOf(String messageId, String inReplyTo, List<String> references) {
        if (inReplyTo != null && data.messages.containsKey(inReplyTo)) {
            return data.messages.get(inReplyTo).root;
        }
        for (String r : references) {
            Entry e = data.messages.get(r);
            if (e != null) {
                return e.root;
            }
        }
        if (!references.isEmpty()) {
            return references.get(0);
        }
        return inReplyTo != null ? inReplyTo : messageId;
    }

    /**
     * Remembers a message (inbound or one we sent) and, for inbound, the thread's counterpart.
     *
     * @param messageId its id
     * @param entry what to remember
     * @param peer the other party of the thread, or null for messages we sent
     */
    public synchronized void put(String messageId, Entry entry, String peer) {
        data.messages.remove(messageId);
        data.messages.put(messageId, entry);
        ThreadState t = data.threads.computeIfAbsent(entry.root, k -> new ThreadState());
        if (peer != null) {
            t.peer = peer;
        }
        if (t.subject == null || t.subject.isEmpty()) {
            t.subject = entry.subject;
        }
        t.lastMessageId = messageId;
        trim(data.messages);
        trim(data.threads);
        save();
    }

    /** @return the remembered message */
    public synchronized Optional<Entry> message(String messageId) {
        return Optional.ofNullable(data.messages.get(messageId));
    }

    /** @return the remembered thread */
    public synchronized Optional<ThreadState> thread(String root) {
        return Optional.ofNullable(data.threads.get(root));
    }

    private static <V> void trim(LinkedHashMap<String, V> map) {
        var it = map.entrySet().iterator();
        while (map.size() > MAX_ENTRIES && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), data);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write thread index " + file, e);
        }
    }

    /** @return a copy of the thread table, for tests */
    synchronized Map<String, ThreadState> threads() {
        return Map.copyOf(data.threads);
    }
}

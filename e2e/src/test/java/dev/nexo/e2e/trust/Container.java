package dev.nexo.e2e.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.LoopbackHttp;
import dev.nexo.test.support.http.Reply;

/** The built distribution as a child process, and raw HTTP against it with any credential. */
final class Container implements AutoCloseable {
    private final NexoProcess process;
    private final LoopbackHttp http;
    private final int port;

    private Container(NexoProcess process) {
        this.process = process;
        this.port = process.port();
        this.http = new LoopbackHttp(port, Duration.ofSeconds(20));
    }

    static Container start(String name) throws IOException {
        return new Container(NexoProcess.launch(name).start());
    }

    /** Waits for the key file and for {@code path} to answer 200 with it. @return the connection-key */
    String awaitAdmin(String path, Duration timeout) {
        String key = process.awaitKey(timeout);
        Poll.until("GET " + path + " to answer 200 (log " + process.log() + ")", timeout,
                () -> send("GET", path, key, null, null), r -> r.status() == 200);
        return key;
    }

    Reply send(String method, String path, String bearer, String contentType, byte[] body, String... headers) {
        return http.send(method, path, bearer, contentType, body, headers);
    }

    /** A request written by hand, for what java.net.http refuses to send (e.g. a 64 KiB header). @return the status */
    int raw(String requestHead) {
        return rawReply(requestHead).status();
    }

    /**
     * Like {@link #raw} but returns the status, content type and body; the request should say
     * {@code Connection: close}. A reset after the response was read (Jetty closes at once when it
     * refuses a request it has not read fully) still returns what arrived.
     */
    Reply rawReply(String requestHead) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(requestHead.replace("{host}", "127.0.0.1:" + port).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException refusedEarly) {
                // the server answered and closed before reading everything: read its answer
            }
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    buf.write(chunk, 0, n);
                }
            } catch (java.net.SocketException reset) {
                if (buf.size() == 0) {
                    throw reset;
                }
            }
            String raw = buf.toString(StandardCharsets.ISO_8859_1);
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : new String(buf.toByteArray(), split + 4, buf.size() - split - 4, StandardCharsets.UTF_8);
            String type = "";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring(13).trim();
                }
            }
            return new Reply(Integer.parseInt(raw.substring(9, 12)), type, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path stateRoot() {
        return process.stateRoot();
    }

    Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}

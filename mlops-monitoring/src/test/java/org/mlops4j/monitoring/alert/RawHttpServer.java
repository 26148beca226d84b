package org.mlops4j.monitoring.alert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP/1.1 server on a raw {@link ServerSocket} for the webhook tests: each connection
 * carries one request, which is recorded, and the test's {@link Responder} writes the response
 * bytes itself (so it can trickle them). Connections are served on threads of their own.
 */
final class RawHttpServer implements AutoCloseable {

    /** One received request. */
    record Request(long receivedNanos, String requestLine, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes the response to the request numbered {@code index} (from 0). */
    interface Responder {
        void respond(int index, Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Responder responder;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    /** When a response write failed because the client had gone, per connection. */
    private final List<Long> clientGoneNanos = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawHttpServer(Responder responder) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.responder = responder;
        this.acceptor = new Thread(this::acceptLoop, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
    }

    String authority() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    List<Request> requests() {
        return requests;
    }

    List<Long> clientGoneNanos() {
        return clientGoneNanos;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread t = new Thread(() -> serve(connection), "raw-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            Request request = new Request(System.nanoTime(), lines[0], headers, body);
            int index;
            synchronized (requests) {
                index = requests.size();
                requests.add(request);
            }
            OutputStream out = connection.getOutputStream();
            try {
                responder.respond(index, request, out);
                out.flush();
            } catch (IOException e) {
                clientGoneNanos.add(System.nanoTime());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The connection ends; the test asserts on what was recorded.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes a whole response with the status, extra header lines and an empty body. */
    static void respond(OutputStream out, int status, String... headerLines) throws IOException {
        StringBuilder s = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (String line : headerLines) {
            s.append(line).append("\r\n");
        }
        s.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        out.write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket c : connections) {
            c.close();
        }
    }
}

package dev.tokenwatch.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for the chat tools: every path is one destination, every request is recorded, and
 * a test scripts what a path answers (500 first, 429 with Retry-After, never). Without a script a path answers 200.
 */
public final class ChatReceiver implements AutoCloseable {
    /** One request as received, and the status it was answered (0: never answered). */
    public record Request(String path, Map<String, List<String>> headers, String body, long receivedAtMillis, int status) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** What to answer: a status, an optional Retry-After, or no answer at all (the connection is held open). */
    public record Answer(int status, String retryAfter, boolean hang) {
        public static Answer status(int status) {
            return new Answer(status, null, false);
        }

        public static Answer tooManyRequests(String retryAfter) {
            return new Answer(429, retryAfter, false);
        }

        public static Answer never() {
            return new Answer(0, null, true);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Answer> always = new ConcurrentHashMap<>();

    private ChatReceiver(HttpServer server) {
        this.server = server;
    }

    public static ChatReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ChatReceiver receiver = new ChatReceiver(server);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers of {@code path}, in order; after them it answers 200 (or what {@link #always} says). */
    public void script(String path, Answer... answers) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    public void always(String path, Answer answer) {
        always.put(path, answer);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests of {@code path} that were answered 2xx: what the chat tool would have shown. */
    public List<Request> delivered(String path) {
        return requests(path).stream().filter(r -> r.status() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        long received = System.currentTimeMillis();
        Deque<Answer> script = scripts.get(path);
        Answer answer = script != null && !script.isEmpty() ? script.poll() : always.getOrDefault(path, Answer.status(200));
        requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, received, answer.status()));
        if (answer.hang()) return; // held open until the sender's timeout gives up on it
        if (answer.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        byte[] reply = (answer.status() / 100 == 2 ? "ok" : "error " + answer.status()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.tokenwatch.cli;

import dev.tokenwatch.source.receiver.Receiver;
import dev.tokenwatch.source.receiver.SenderTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The receiver's options, shared by {@code run --listen} and {@code receive}. */
final class ReceiverOptions {
    @Option(names = "--listen", paramLabel = "ADDRESS",
            description = "HOST:PORT (or :PORT) to serve the receiver on: POST /v1/distribution (registry notifications), POST /v1/events (JSON Lines), POST /v1/grants (token-server grants), POST /v1/registry-log (the registry's log lines), GET /healthz.")
    String listen;

    @Option(names = "--receiver-token-file", paramLabel = "FILE",
            description = "A sender's bearer secret (one per source; repeat the option). Also: $" + SenderTokens.ENV + ".")
    List<Path> tokenFiles = new ArrayList<>();

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "10485760",
            description = "Requests above this size get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    boolean enabled() {
        return listen != null;
    }

    /** Starts the receiver, or explains what is wrong with the options. */
    Receiver start(Path spool, Path deadLetters, PrintStream err) {
        SenderTokens tokens;
        try {
            tokens = SenderTokens.from(System.getenv(SenderTokens.ENV), tokenFiles);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            Receiver receiver = Receiver.start(new Receiver.Settings(address(), tokens, spool, deadLetters, maxBodyBytes));
            err.println("Receiver: http://" + hostPort(receiver.address()) + " (POST /v1/distribution, /v1/events, /v1/grants, /v1/registry-log; GET /healthz)"
                    + " -> " + spool + "; unusable bodies -> " + deadLetters);
            return receiver;
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + listen + ": " + e.getMessage());
        }
    }

    private InetSocketAddress address() {
        int colon = listen.lastIndexOf(':');
        try {
            if (colon < 0) throw new NumberFormatException();
            String host = listen.substring(0, colon);
            return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host.replaceAll("^\\[|]$", ""), Integer.parseInt(listen.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new UsageException("--listen " + listen + ": expected HOST:PORT, e.g. 127.0.0.1:8480 or :8480");
        }
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}

package dev.tokenwatch.cli;

import dev.tokenwatch.source.receiver.AcceptedLines;
import dev.tokenwatch.source.receiver.Receiver;
import dev.tokenwatch.source.receiver.SenderTokens;
import dev.tokenwatch.source.receiver.SpoolWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The receiver's options, shared by {@code run --listen} and {@code receive}: HTTP, Harbor's syslog, tailed registry logs. */
final class ReceiverOptions {
    @Option(names = "--listen", paramLabel = "ADDRESS",
            description = "HOST:PORT (or :PORT) to serve the receiver on: POST /v1/distribution (registry notifications), POST /v1/events (JSON Lines), POST /v1/grants (token-server grants), POST /v1/registry-log (the registry's log lines), POST /v1/harbor-syslog (Harbor's forwarded audit lines), GET /healthz, GET /metrics (Prometheus).")
    String listen;

    @Option(names = "--syslog-listen", paramLabel = "ADDRESS",
            description = "Also take Harbor's audit-log forwarding (audit_log_forward_endpoint) as TCP syslog here. Syslog carries no authentication: bind a loopback or private address. Needs --listen (its counters are in /healthz).")
    String syslogListen;

    @Option(names = "--syslog-max-message-bytes", paramLabel = "N", defaultValue = "65536",
            description = "Syslog messages above this size are dead letters (default: ${DEFAULT-VALUE}).")
    int maxSyslogMessageBytes;

    @Option(names = "--tail-log", paramLabel = "FILE",
            description = "Follow this registry log file like tail -F (repeat the option for several) and store its lines in the spool: failed logins show only there. On a first start, from the end of the file (see --tail-from-start); after that, from the position kept in DATA/tail. Needs --listen (its counters are in /healthz).")
    List<Path> tailLogs = new ArrayList<>();

    @Option(names = "--tail-from-start",
            description = "On the first start of a --tail-log FILE (no position kept yet), read the lines already in it instead of starting at its end.")
    boolean tailFromStart;

    @Option(names = "--receiver-token-file", paramLabel = "FILE",
            description = "A sender's bearer secret (one per source; repeat the option). Also: $" + SenderTokens.ENV + ".")
    List<Path> tokenFiles = new ArrayList<>();

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "10485760",
            description = "Requests above this size get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    boolean enabled() {
        if (syslogListen != null && listen == null) {
            throw new UsageException("--syslog-listen needs --listen HOST:PORT too: the receiver's /healthz reports the syslog counters");
        }
        if (!tailLogs.isEmpty() && listen == null) {
            throw new UsageException("--tail-log needs --listen HOST:PORT too: the receiver's /healthz reports the tail counters"
                    + " (bind it to loopback if nothing posts to it, e.g. --listen 127.0.0.1:8480)");
        }
        if (tailFromStart && tailLogs.isEmpty()) throw new UsageException("--tail-from-start applies to --tail-log FILE: give the file too");
        Set<Path> seen = new HashSet<>();
        for (Path file : tailLogs) {
            Path absolute = file.toAbsolutePath().normalize();
            if (!seen.add(absolute)) throw new UsageException("--tail-log " + file + ": given twice; each file is followed once");
            if (Files.isDirectory(absolute)) throw new UsageException("--tail-log " + file + ": is a directory; name the log file");
        }
        return listen != null;
    }

    /** Starts the receiver storing into the spool, or explains what is wrong with the options. */
    Receiver start(Path spool, Path deadLetters, Path tailPositions, PrintStream err) {
        return start(spool, null, deadLetters, tailPositions, err);
    }

    /**
     * Starts the receiver storing into {@code accepted} (the spool when null), or explains what is wrong with the options.
     * {@code accepted} is closed with the receiver.
     */
    Receiver start(Path spoolDir, AcceptedLines accepted, Path deadLetters, Path tailPositions, PrintStream err) {
        SenderTokens tokens;
        try {
            tokens = SenderTokens.from(System.getenv(SenderTokens.ENV), tokenFiles);
        } catch (IllegalArgumentException e) {
            if (accepted != null) accepted.close();
            throw new UsageException(e.getMessage());
        }
        AcceptedLines into = accepted != null ? accepted : new SpoolWriter(spoolDir);
        String spool = into.describe();
        try {
            if (maxSyslogMessageBytes <= 0) throw new UsageException("--syslog-max-message-bytes " + maxSyslogMessageBytes + ": expected a positive size");
            InetSocketAddress syslog = syslogListen == null ? null : syslogAddress();
            Receiver receiver = Receiver.start(new Receiver.Settings(address("--listen", listen, "127.0.0.1:8480"), tokens, spoolDir, deadLetters,
                    maxBodyBytes, syslog, maxSyslogMessageBytes, new Receiver.Tailing(List.copyOf(tailLogs), tailPositions, tailFromStart)), into);
            err.println("Receiver: http://" + hostPort(receiver.address()) + " (POST /v1/distribution, /v1/events, /v1/grants, /v1/registry-log,"
                    + " /v1/harbor-syslog; GET /healthz, /metrics) -> " + spool + "; unusable bodies -> " + deadLetters);
            if (receiver.syslogAddress() != null) {
                err.println("Syslog (Harbor audit forwarding): tcp://" + hostPort(receiver.syslogAddress())
                        + " -- no authentication: keep it on loopback or a network only the registry reaches");
            }
            for (String tailed : receiver.tailing()) err.println("Tailing " + tailed + " -> " + spool + "; positions in " + tailPositions);
            return receiver;
        } catch (IOException | RuntimeException e) {
            into.close(); // Receiver.start closed it already if it got that far; closing twice is harmless
            if (e instanceof UsageException usage) throw usage;
            throw new UsageException("cannot start the receiver on " + listen + (syslogListen == null ? "" : " / " + syslogListen) + ": " + e.getMessage());
        }
    }

    /**
     * Unlike {@code --listen}, no {@code :PORT} shorthand for every interface: syslog has no authentication, so
     * listening on all of them must be written out ({@code 0.0.0.0:1514}).
     */
    private InetSocketAddress syslogAddress() {
        if (syslogListen.startsWith(":")) {
            throw new UsageException("--syslog-listen " + syslogListen + ": name the address to bind, e.g. 127.0.0.1" + syslogListen
                    + " or a private one; TCP syslog has no authentication (0.0.0.0" + syslogListen + " for every interface, if you must)");
        }
        return address("--syslog-listen", syslogListen, "127.0.0.1:1514");
    }

    private static InetSocketAddress address(String option, String value, String example) {
        int colon = value.lastIndexOf(':');
        try {
            if (colon < 0) throw new NumberFormatException();
            String host = value.substring(0, colon);
            return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host.replaceAll("^\\[|]$", ""), Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + value + ": expected HOST:PORT, e.g. " + example + " or :" + example.substring(example.indexOf(':') + 1));
        }
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}

package dev.tokenwatch.cli;

import dev.tokenwatch.source.receiver.Receiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code receive}: the receiver alone, storing into a spool a job elsewhere reads, or with {@code --kafka} into a topic
 * a job reads ({@code run --kafka}), answering senders once the broker has acknowledged their events.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = "Run the HTTP receiver alone: registries and senders post events (and --tail-log follows registry logs), stored durably in the spool directory, or with --kafka in a Kafka topic.")
final class ReceiveCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Where the spool, the receiver's dead letters and the --tail-log positions live (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--spool", paramLabel = "DIR", description = "Directory the accepted events are stored in (default: DATA/spool).")
    Path spool;

    @Mixin
    ReceiverOptions receiver;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (!receiver.enabled()) throw new UsageException("receive needs --listen HOST:PORT, e.g. --listen 127.0.0.1:8480");
        boolean toKafka = kafka.enabled();
        if (toKafka) {
            kafka.rejectReaderOptions("receive");
            if (spool != null) throw new UsageException("--spool and --kafka: the receiver stores into one of them; give one");
        }
        Path dataDir = data.toAbsolutePath();
        Path spoolDir = spool == null ? dataDir.resolve("spool") : spool.toAbsolutePath();
        if (!toKafka) Files.createDirectories(spoolDir);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Receiver running = receiver.start(spoolDir, toKafka ? kafka.writer() : null, dataDir.resolve(DataOptions.RECEIVER_DEAD_LETTERS),
                dataDir.resolve(DataOptions.TAIL_POSITIONS), System.err)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            System.err.println("Ctrl-C to stop.");
            stopped.await();
        }
        return 0;
    }
}

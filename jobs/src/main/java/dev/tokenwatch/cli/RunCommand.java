package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.OutputSinks;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.sink.CheckpointedLineFile;
import dev.tokenwatch.sink.chat.Routes;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.source.RuleDirectorySource;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.source.poll.PollingSource;
import dev.tokenwatch.source.receiver.Receiver;
import org.apache.flink.streaming.api.datastream.DataStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code run}: the embedded default. Local Flink, the shipped rules, the samples plus a spool
 * directory watched for new files; alerts on the console at once and appended to {@code data/alerts.jsonl} at each
 * checkpoint, exactly once across restarts ({@link CheckpointedLineFile}).
 * Checkpoints go to {@code data/checkpoints} (or {@code --checkpoints URI}) and the next run resumes from the newest one,
 * so rule state survives a restart and files already read are not read again.
 * With {@code --kafka} it reads a topic as well ({@link TokenwatchJob#readKafka}, offsets in the checkpoints), and its
 * receiver ({@code --listen}) stores into that topic instead of the spool.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the detection job locally: samples + spool directory in, alerts to the console and data/alerts.jsonl.")
final class RunCommand implements Callable<Integer> {
    /**
     * Set once a job was handed to a cluster detached: main then returns instead of calling System.exit, which in
     * Flink's application mode (the program's main run inside the job manager) would stop the job manager itself.
     */
    static volatile boolean submittedDetached;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: the shipped rules/).")
    Path rules;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Where alerts, dead letters, the spool and checkpoints live (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--spool", paramLabel = "DIR", description = "Directory watched for new event files (default: DATA/spool).")
    Path spool;

    @Option(names = "--samples", paramLabel = "DIR", description = "Sample events read at start (default: the shipped samples/).")
    Path samples;

    @Option(names = "--no-samples", description = "Do not read the samples.")
    boolean noSamples;

    @Option(names = "--fresh", description = "Ignore earlier checkpoints: forget rule state, read everything again and send every alert to chat again.")
    boolean fresh;

    @Option(names = "--checkpoints", paramLabel = "URI",
            description = "Where checkpoints (and savepoints) are written: a local directory, file:///..., or a URI of a file system"
                    + " Flink has a plugin for (s3://..., hdfs://...). A later run resumes from the newest complete one under a local"
                    + " directory; elsewhere pass --from-checkpoint (default: DATA/checkpoints).")
    String checkpoints;

    @Option(names = "--from-checkpoint", paramLabel = "URI",
            description = "Resume from this checkpoint (a chk-N directory) or savepoint instead of the newest one under --checkpoints.")
    String fromCheckpoint;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", defaultValue = "2", description = "Parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class, description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--reload-interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often the rules directory is checked for edits (default: ${DEFAULT-VALUE}).")
    Duration reloadInterval;

    @Option(names = "--status-interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often a status line (events read, events/s, alerts, dead letters) is printed when something changed; 0s for none (default: ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--no-reload", description = "Keep the rules the job started with; ignore edits.")
    boolean noReload;

    @Option(names = "--routes", paramLabel = "FILE",
            description = "Routes file: which alerts go to which chat destination (Slack, Teams, Mattermost, Google Chat, Discord, signed webhook). None: no chat.")
    Path routes;

    @Mixin
    TempDirOptions tmp;

    @Mixin
    GeoOptions geo;

    @Mixin
    EventTimeOptions time;

    @Mixin
    EsOptions es;

    @Mixin
    ReceiverOptions receiver;

    @Mixin
    PollOptions poll;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        boolean receiving = receiver.enabled(); // first: a wrong receiver option is told before the rules and GeoIP load
        Configuration conf = metrics.configure(new Configuration()); // and a metrics port that is taken
        boolean fromKafka = kafka.enabled();
        if (fresh && fromCheckpoint != null) throw new UsageException("--fresh and --from-checkpoint: start over, or resume from that checkpoint; give one");
        RuleLoader.Result ruleSet = RuleSetLoader.loadOrFail(rules, System.err);
        GeoSettings geoSettings = geo.settings();
        Routes chat = routes == null ? null : RoutesLoader.loadOrFail(routes,
                ruleSet.rules().stream().map(r -> r.rule().id()).collect(Collectors.toSet()), System.err);
        EsSettings esSettings = LocalJob.elasticsearch(es, System.err);
        Path dataDir = data.toAbsolutePath();
        Path spoolDir = spool == null ? dataDir.resolve("spool") : spool.toAbsolutePath();
        // A local directory (a path or file:// URI) is searched for the newest checkpoint and emptied by --fresh; for
        // another file system Flink writes there but this command does not list it: resuming needs --from-checkpoint.
        Path checkpointDir = checkpoints == null ? dataDir.resolve("checkpoints") : localPath(checkpoints);
        String checkpointsUri = checkpointDir != null ? checkpointDir.toUri().toString() : checkpoints;
        Files.createDirectories(spoolDir);
        Path chatLedgers = dataDir.resolve("chat");
        if (fresh) {
            if (checkpointDir != null) FileUtils.deleteDirectoryQuietly(checkpointDir.toFile());
            // The ledgers only make sense against the checkpoints: starting over means telling the destinations again.
            FileUtils.deleteDirectoryQuietly(chatLedgers.toFile());
        }
        if (checkpointDir != null) Files.createDirectories(checkpointDir);

        // Lives as long as the job; its shutdown hook deletes it when run stops (Ctrl-C).
        tmp.open().configure(conf);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointsUri);
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpointsUri);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

        List<String> inputs = new ArrayList<>();
        Path samplesDir = samples == null ? Home.samples() : samples.toAbsolutePath();
        if (!noSamples && Files.isDirectory(samplesDir)) inputs.add(samplesDir.toString());
        inputs.add(spoolDir.toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Optional<String> resume = resumeFrom(fromCheckpoint, fresh, env.getConfiguration(), checkpointDir);
        resume.ifPresent(p -> env.configure(new Configuration().set(StateRecoveryOptions.SAVEPOINT_PATH, p)));
        boolean detached = detached(env);
        if (detached && receiving) {
            throw new UsageException("--listen with flink run -d: the receiver would stop with this client as soon as the job is"
                    + " submitted; run `tokenwatch receive --kafka ...` in front of the topic instead");
        }
        env.setParallelism(parallelism);
        Path rulesDir = rules == null ? Home.rules() : rules;
        Path deadLetters = dataDir.resolve(DataOptions.RUN_DEAD_LETTERS);
        OutputSinks.Settings outputs = OutputSinks.Settings.files(dataDir.resolve(DataOptions.RUN_ALERTS), deadLetters,
                OutputSinks.Files.EXACTLY_ONCE).withConsole();
        // Beside the checkpoints, not in them: what each destination acknowledged must survive the rollback to one.
        if (chat != null) outputs = outputs.withChat(chat, chatLedgers);
        DataStream<RawRecord> records = TokenwatchJob.readFiles(env, inputs, Duration.ofSeconds(2));
        if (fromKafka) records = records.union(TokenwatchJob.readKafka(env, kafka.input()));
        PollingSource pollers = poll.source(System.err);
        if (pollers != null) records = records.union(TokenwatchJob.poll(env, pollers));
        OutputSinks.attach(TokenwatchJob.build(records, ruleSet.enabledRules(),
                        noReload ? RuleDirectorySource.none(env) : RuleDirectorySource.watch(env, rulesDir, reloadInterval),
                        geoSettings, time.eventTime()),
                esSettings == null ? outputs : outputs.withElasticsearch(esSettings, DeadLetterFiles.forElasticsearch(deadLetters)));

        System.err.println("Tokenwatch: " + ruleSet.enabledRules().size() + " rules from " + rulesDir
                + (noReload ? "" : " (edits are picked up within " + reloadInterval.toSeconds() + " s)")
                + "; reading " + (fromKafka ? kafka.describe() + " and " : "") + String.join(" and ", inputs) + " (new files in the spool are picked up; write them"
                + " under a name starting with '.' and rename when complete)");
        System.err.println("Alerts -> console, and " + dataDir.resolve(DataOptions.RUN_ALERTS) + " at each checkpoint; dead letters -> "
                + dataDir.resolve(DataOptions.RUN_DEAD_LETTERS) + (geoSettings == null ? "; GeoIP off" : "; GeoIP on"));
        if (chat != null) {
            System.err.println("Chat -> " + chat.destinations().stream().map(d -> d.name() + " (" + d.type().yamlName + ")")
                    .collect(Collectors.joining(", ")) + "; undeliverable messages -> " + deadLetters);
        }
        if (metrics.enabled()) {
            System.err.println("Metrics -> Prometheus at http://127.0.0.1:" + metrics.port + "/ (every interface; names and labels: README, Operating it)");
        }
        System.err.println(resume.map(p -> "Resuming from checkpoint " + p + " (files already read are skipped; --fresh to start over)")
                .orElse(checkpointDir == null && !fresh ? "Not resuming: checkpoints go to " + checkpointsUri
                        + ", which this command cannot list; resume with --from-checkpoint URI/chk-N"
                        : "No checkpoint yet: starting fresh") + ". Ctrl-C to stop.");
        // Stores into the spool the job watches: a registry is answered once its events are on disk, not when the job
        // has read them, so a busy or restarting job never makes a registry wait.
        // With Kafka, into the topic instead: answered once the broker acknowledged the events.
        Receiver listening = receiving ? receiver.start(spoolDir, fromKafka ? kafka.writer() : null, dataDir.resolve(DataOptions.RECEIVER_DEAD_LETTERS),
                dataDir.resolve(DataOptions.TAIL_POSITIONS), System.err) : null;
        JobClient job = env.executeAsync("tokenwatch");
        if (detached) {
            // flink run -d: the job is the cluster's now; this client has no status to follow and nothing to stop.
            submittedDetached = true;
            System.err.println("Submitted to the cluster as job " + job.getJobID() + " (detached): the files above are written"
                    + " on the task managers' machines; follow it in Flink's web UI or with `flink list`.");
            return 0;
        }
        StatusLine status = statusInterval.isZero() ? null : new StatusLine(System.err, dataDir.resolve(DataOptions.RUN_DEAD_LETTERS));
        while (!job.getJobExecutionResult().isDone()) {
            try {
                job.getJobExecutionResult().get(statusInterval.isZero() ? 1000 : statusInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (status != null) {
                    try {
                        status.update(job.getAccumulators().get(5, TimeUnit.SECONDS));
                    } catch (Exception notNow) {
                        // Counters are unavailable while the job restarts; the next line has them.
                    }
                }
            }
        }
        if (listening != null) listening.close();
        job.getJobExecutionResult().get();
        return 0;
    }

    /**
     * True when submitted by {@code flink run -d} (Flink's CLI gives the program a context environment for its cluster,
     * not a local one, and says it is not attached): then the job's result is never awaited, or the client would wait
     * as long as the job runs.
     */
    static boolean detached(StreamExecutionEnvironment env) {
        return !(env instanceof LocalStreamEnvironment) && !env.getConfiguration().get(DeploymentOptions.ATTACHED);
    }

    /**
     * Where the job resumes: {@code --from-checkpoint}; else the savepoint of {@code flink run -s}, which Flink's CLI
     * put in the environment's configuration (a restore path set by this program would override it); else the newest
     * checkpoint under a local {@code --checkpoints}, unless {@code --fresh}.
     */
    static Optional<String> resumeFrom(String fromCheckpoint, boolean fresh, ReadableConfig environment, Path checkpointDir)
            throws IOException {
        if (fromCheckpoint != null) return Optional.of(fromCheckpoint);
        Optional<String> givenToFlink = environment.getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
        if (givenToFlink.isPresent()) return givenToFlink;
        return checkpointDir == null || fresh ? Optional.empty() : latestCheckpoint(checkpointDir).map(Path::toString);
    }

    /** The directory of a local checkpoint location (a path or a file: URI), or null for another file system. */
    static Path localPath(String location) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(location);
        } catch (java.net.URISyntaxException e) {
            return Path.of(location).toAbsolutePath();
        }
        if (uri.getScheme() == null) return Path.of(location).toAbsolutePath();
        if (uri.getScheme().equals("file")) {
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                throw new UsageException("--checkpoints " + location + ": write file:///absolute/path (three slashes) or a plain path");
            }
            return Path.of(uri.getPath()).toAbsolutePath();
        }
        return null;
    }

    /** The newest completed checkpoint (one with its {@code _metadata} written) of any earlier run. */
    static Optional<Path> latestCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) return Optional.empty();
        try (Stream<Path> files = Files.find(checkpoints, 3, (p, attrs) -> p.getFileName().toString().equals("_metadata"))) {
            return files.map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(RunCommand::modified));
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}

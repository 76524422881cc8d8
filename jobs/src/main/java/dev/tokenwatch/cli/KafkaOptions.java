package dev.tokenwatch.cli;

import dev.tokenwatch.source.kafka.KafkaInput;
import dev.tokenwatch.source.receiver.KafkaWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka options, shared by {@code run} (the job reads the topic; with {@code --listen} the receiver writes to it too)
 * and {@code receive} (the receiver writes to it). Client settings for a secured cluster (SASL, TLS) come from a
 * properties file the operator keeps outside the repository.
 */
final class KafkaOptions {
    static final String ENV_BOOTSTRAP = "TOKENWATCH_KAFKA_BOOTSTRAP";
    static final String ENV_TOPIC = "TOKENWATCH_KAFKA_TOPIC";

    @Option(names = "--kafka", paramLabel = "SERVERS", defaultValue = "${env:" + ENV_BOOTSTRAP + "}",
            description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]: run reads the events from --topic, and a receiver"
                    + " (receive, run --listen) stores what it accepts there instead of the spool. Also: $" + ENV_BOOTSTRAP + ".")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "${env:" + ENV_TOPIC + "}",
            description = "The Kafka topic of the events (one record a line or document of text, any supported format). Also: $" + ENV_TOPIC + ".")
    String topic;

    @Option(names = "--kafka-start", paramLabel = "START",
            description = "run: where to start in the topic when there is no checkpoint to resume from, earliest or latest (default: earliest). With a"
                    + " checkpoint the job continues from the offsets it holds.")
    String start;

    @Option(names = "--kafka-group", paramLabel = "ID",
            description = "run: the consumer group id; offsets are committed to it at each checkpoint for monitoring only (default: "
                    + KafkaInput.DEFAULT_GROUP + ").")
    String group;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*...) as a Java properties file, for the job's"
                    + " consumer and the receiver's producer. Keep it, and its credentials, out of the repository.")
    Path propertiesFile;

    /** Whether Kafka is configured; checks that the options go together. */
    boolean enabled() {
        if (bootstrap != null && bootstrap.isBlank()) bootstrap = null;
        if (topic != null && topic.isBlank()) topic = null;
        if (bootstrap == null) {
            if (start != null || group != null || propertiesFile != null) {
                throw new UsageException("--kafka-start, --kafka-group and --kafka-properties need --kafka HOST:PORT (or $" + ENV_BOOTSTRAP + ")");
            }
            if (topic != null && System.getenv(ENV_TOPIC) == null) {
                throw new UsageException("--topic " + topic + " needs --kafka HOST:PORT too (or $" + ENV_BOOTSTRAP + ")");
            }
            return false;
        }
        if (topic == null) throw new UsageException("--kafka " + bootstrap + " needs --topic NAME too (or $" + ENV_TOPIC + ")");
        startOrFail();
        return true;
    }

    /** For {@code receive}, which writes to the topic and reads nothing from it. */
    void rejectReaderOptions(String command) {
        if (start != null || group != null) throw new UsageException(command + " writes to Kafka and reads nothing: --kafka-start and --kafka-group are for run");
    }

    /** The job's side: the topic to read, checked at once. */
    KafkaInput input() {
        KafkaInput input = new KafkaInput(bootstrap, topic, startOrFail(), group == null ? KafkaInput.DEFAULT_GROUP : group, clientProperties());
        try {
            input.checkTopic(Duration.ofSeconds(15));
        } catch (IOException e) {
            throw new UsageException("--kafka " + bootstrap + " --topic " + topic + ": " + e.getMessage());
        }
        return input;
    }

    /** The receiver's side: a producer on the topic, checked at once. */
    KafkaWriter writer() {
        try {
            return KafkaWriter.open(bootstrap, topic, clientProperties());
        } catch (IOException e) {
            throw new UsageException("--kafka " + bootstrap + " --topic " + topic + ": " + e.getMessage());
        }
    }

    String describe() {
        return "kafka://" + bootstrap + "/" + topic;
    }

    private KafkaInput.Start startOrFail() {
        if (start == null) return KafkaInput.Start.EARLIEST;
        try {
            return KafkaInput.Start.valueOf(start.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kafka-start " + start + ": expected earliest or latest");
        }
    }

    private Properties clientProperties() {
        Properties properties = new Properties();
        if (propertiesFile == null) return properties;
        try (Reader in = Files.newBufferedReader(propertiesFile)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UsageException("--kafka-properties " + propertiesFile + ": cannot read (" + e.getMessage() + ")");
        }
        return properties;
    }
}

package dev.tokenwatch.localstack;

import dev.tokenwatch.build.BuildProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Elasticsearch the local stack runs: the integration-test distribution on Maven Central, the
 * same version the integration tests use, unpacked by the build under {@code jobs/target/elasticsearch}.
 * Maven fetches it the first time it is needed, so it goes through the user's Maven settings
 * (mirrors, proxies) and checksums like every other download of the build.
 */
public final class ElasticsearchDistribution {
    /** An unpacked distribution to use instead (a directory with bin/elasticsearch). */
    public static final String DIST_ENV = "TOKENWATCH_ES_DIST";

    private ElasticsearchDistribution() {}

    /** The version the build was made with. */
    public static String version() {
        return BuildProperties.get("elasticsearch.version");
    }

    /**
     * The unpacked distribution: {@code $TOKENWATCH_ES_DIST}, else the one the build unpacked under
     * {@code home}, fetched now with Maven when it is not there yet.
     */
    public static Path locate(Path home, String configured, PrintStream log) {
        if (configured != null && !configured.isBlank()) {
            Path dist = Path.of(configured);
            requireDistribution(dist, DIST_ENV + "=" + configured);
            return dist;
        }
        Path dist = home.resolve("jobs/target/elasticsearch/elasticsearch-" + version());
        if (Files.isExecutable(dist.resolve("bin/elasticsearch"))) return dist;
        Path pom = home.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new IllegalStateException("no Elasticsearch distribution at " + dist + " and no pom.xml in " + home
                    + " to fetch it with: set " + DIST_ENV + " to an unpacked Elasticsearch " + version());
        }
        log.println("Elasticsearch " + version() + ": fetching the distribution from Maven Central (about 100 MB, once)...");
        runMaven(List.of("mvn", "-B", "-q", "-Dstyle.color=never", "-f", pom.toString(), "-pl", "jobs", "dependency:unpack@elasticsearch-local"), log);
        requireDistribution(dist, "the build's download");
        return dist;
    }

    private static void requireDistribution(Path dist, String source) {
        if (!Files.isExecutable(dist.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("not an Elasticsearch distribution (no bin/elasticsearch): " + dist + " (from " + source + ")");
        }
    }

    private static void runMaven(List<String> cmd, PrintStream log) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(log);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("fetching Elasticsearch failed (exit " + p.exitValue() + "): " + String.join(" ", cmd));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Maven to fetch Elasticsearch (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

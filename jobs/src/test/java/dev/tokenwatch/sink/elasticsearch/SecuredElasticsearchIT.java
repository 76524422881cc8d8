package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.SampleAlerts;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.localstack.ElasticsearchNode;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials and TLS against a real Elasticsearch 8.19 with security on: HTTPS with a certificate
 * from a private CA made by Elasticsearch's own certutil and a file-realm user made by
 * elasticsearch-users. What a user passes on the command line (password and CA in files) is what
 * the test passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredElasticsearchIT {
    private static final String USER = "tokenwatch-writer";
    private static final String PASSWORD = "s3cret-Pa55word-for-it";

    @TempDir
    static Path tmp;
    Path dist;
    Path javaHome = Path.of(System.getProperty("java.home"));
    ElasticsearchNode node;
    String url;
    Path caCert;
    Path passwordFile;

    @BeforeAll
    void startSecuredNode() throws Exception {
        dist = Path.of(System.getProperty("tokenwatch.es8.dist"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = tmp.resolve("es");
        int port = ElasticsearchNode.freePort();
        url = "https://127.0.0.1:" + port;
        caCert = tmp.resolve("ca.crt");
        passwordFile = tmp.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        node = new ElasticsearchNode(work, port, this::answersTheAdmin);
        node.prepare(dist);
        Path certs = work.resolve("config/certs");
        tool("elasticsearch-certutil", "ca", "--pem", "--silent", "--out", tmp.resolve("ca.zip").toString());
        unzip(tmp.resolve("ca.zip"), certs);
        tool("elasticsearch-certutil", "cert", "--pem", "--silent", "--ip", "127.0.0.1",
                "--ca-cert", certs.resolve("ca/ca.crt").toString(), "--ca-key", certs.resolve("ca/ca.key").toString(),
                "--out", tmp.resolve("node.zip").toString());
        unzip(tmp.resolve("node.zip"), certs);
        Files.copy(certs.resolve("ca/ca.crt"), caCert);
        tool("elasticsearch-users", "useradd", USER, "-p", PASSWORD, "-r", "superuser");
        node.start(new ElasticsearchNode.Launch(dist, javaHome, "tokenwatch-secured-it", Map.of(
                "xpack.security.enabled", "true",
                "xpack.security.http.ssl.enabled", "true",
                "xpack.security.http.ssl.key", "certs/instance/instance.key",
                "xpack.security.http.ssl.certificate", "certs/instance/instance.crt",
                "xpack.security.http.ssl.certificate_authorities", "certs/ca/ca.crt")));
    }

    @AfterAll
    void stop() {
        if (node != null) node.stop();
    }

    @Test
    void basicAuthOverTlsWithThePrivateCaSetsUpAndNeverPrintsThePassword() {
        Cli.Run setup = Cli.run("es", "setup", "--es-url", url, "--es-user", USER, "--es-password-file", passwordFile.toString(),
                "--es-ca-cert", caCert.toString());
        assertThat(setup.exit()).as(setup.err()).isZero();
        assertThat(setup.err()).contains("tokenwatch-secured-it", "Elasticsearch 8.19").doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsFastAndSaysSo() throws IOException {
        Path wrong = tmp.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password-123");
        Cli.Run run = Cli.run("replay", "--es-url", url, "--es-user", USER, "--es-password-file", wrong.toString(),
                "--es-ca-cert", caCert.toString(), TestRules.repoRoot().resolve("samples").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("credentials were rejected (401)").doesNotContain("not-the-password-123");
    }

    @Test
    void withoutTheCaCertificateTheTlsFailureNamesTheFix() {
        Cli.Run run = Cli.run("es", "setup", "--es-url", url, "--es-user", USER, "--es-password-file", passwordFile.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("TLS failed", "--es-ca-cert");
    }

    /**
     * The sink's own requests carry the credentials and trust the CA. (API keys cannot be tried here:
     * issuing one needs the .security index, whose analyzers this distribution lacks.)
     */
    @Test
    void aReplayIndexesTheSamplesOverTlsWithBasicAuth() throws Exception {
        Path out = tmp.resolve("alerts.jsonl");
        Cli.Run replay = Cli.run("replay", "--es-url", url, "--es-user", USER, "--es-password-file", passwordFile.toString(),
                "--es-ca-cert", caCert.toString(), "--es-index-prefix", "twsecure", "--out", out.toString(),
                "--dead-letters", tmp.resolve("dl.jsonl").toString(), TestRules.repoRoot().resolve("samples").toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.err()).doesNotContain(PASSWORD);
        long alerts = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
        assertThat(alerts).isEqualTo(SampleAlerts.COUNT);
        try (RestClient admin = EsClients.restClient(admin())) {
            json(admin, new Request("POST", "/_refresh"));
            assertThat(json(admin, new Request("GET", "/twsecure-alerts/_count")).path("count").asLong()).isEqualTo(alerts);
        }
    }

    private EsSettings admin() throws IOException {
        return new EsSettings(List.of(url), USER, PASSWORD, null, Files.readString(caCert), IndexNames.DEFAULT);
    }

    private boolean answersTheAdmin() {
        try {
            EsClients.checkReachable(admin());
            return true;
        } catch (IOException | EsClients.EsUnavailableException e) {
            return false;
        }
    }

    private static JsonNode json(RestClient rest, Request request) throws IOException {
        return Json.MAPPER.readTree(EntityUtils.toString(rest.performRequest(request).getEntity(), StandardCharsets.UTF_8));
    }

    /** One of the distribution's command-line tools, on the node's config directory. */
    private void tool(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ES_JAVA_HOME", javaHome.toString());
        pb.environment().put("ES_PATH_CONF", node.workDir().resolve("config").toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(name + ": " + output).isZero();
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

}

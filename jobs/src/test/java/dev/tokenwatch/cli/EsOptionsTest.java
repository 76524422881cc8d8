package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenwatch.sink.elasticsearch.EsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EsOptionsTest {
    @TempDir
    Path dir;

    private static EsOptions options(Map<String, String> env, String... args) {
        EsOptions o = new EsOptions();
        new CommandLine(new Holder(o)).parseArgs(args);
        o.env = env;
        return o;
    }

    @CommandLine.Command(name = "x")
    static final class Holder {
        @CommandLine.Mixin
        EsOptions es;

        Holder(EsOptions es) {
            this.es = es;
        }
    }

    @Test
    void nothingConfiguredMeansNoElasticsearch() {
        assertThat(options(Map.of()).settings()).isNull();
    }

    @Test
    void urlAndBasicAuthFromTheEnvironmentNeverShowThePassword() {
        EsSettings s = options(Map.of("TOKENWATCH_ES_URL", "https://es1:9200, https://es2:9200", "TOKENWATCH_ES_USER", "tw",
                "TOKENWATCH_ES_PASSWORD", "hunter2")).settings();
        assertThat(s.urls()).containsExactly("https://es1:9200", "https://es2:9200");
        assertThat(s.username()).isEqualTo("tw");
        assertThat(s.describe() + s).contains("user tw").doesNotContain("hunter2");
    }

    @Test
    void secretsComeFromFiles() throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "  c2VjcmV0LWtleQ==\n");
        EsSettings s = options(Map.of(), "--es-url", "http://localhost:9200", "--es-api-key-file", key.toString()).settings();
        assertThat(s.describe()).contains("API key").doesNotContain("c2VjcmV0");
        Path password = dir.resolve("pw");
        Files.writeString(password, "pw\n");
        assertThat(options(Map.of(), "--es-url", "http://localhost:9200", "--es-user", "u", "--es-password-file", password.toString())
                .settings().username()).isEqualTo("u");
    }

    @Test
    void incompleteOrWrongSettingsFailAtStartUp() throws Exception {
        assertThatThrownBy(() -> options(Map.of(), "--es-url", "http://localhost:9200", "--es-user", "u").settings())
                .hasMessageContaining("has no password").hasMessageContaining("TOKENWATCH_ES_PASSWORD");
        assertThatThrownBy(() -> options(Map.of(), "--es-url", "localhost:9200").settings()).hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> options(Map.of(), "--es-url", "http://u:p@localhost:9200").settings()).hasMessageContaining("not in the URL");
        assertThatThrownBy(() -> options(Map.of(), "--es-url", "http://localhost:9200", "--es-ca-cert", dir.resolve("none.pem").toString()).settings())
                .hasMessageContaining("none.pem");
        Path notPem = dir.resolve("ca.pem");
        Files.writeString(notPem, "hello");
        assertThatThrownBy(() -> options(Map.of(), "--es-url", "http://localhost:9200", "--es-ca-cert", notPem.toString()).settings())
                .hasMessageContaining("not a PEM certificate");
        assertThatThrownBy(() -> options(Map.of("TOKENWATCH_ES_API_KEY", "k", "TOKENWATCH_ES_USER", "u", "TOKENWATCH_ES_PASSWORD", "p"),
                "--es-url", "http://localhost:9200").settings()).hasMessageContaining("either basic auth or an API key");
    }
}

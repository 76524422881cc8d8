package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's GeoLite2-ASN / GeoIP2-ISP database takes precedence over the CSV table. */
class MmdbAsnLookupTest {

    @TempDir
    Path tmp;

    @Test
    void usesAGeoLite2AsnDatabaseWhenConfigured() throws Exception {
        Path asn = tmp.resolve("GeoLite2-ASN.mmdb");
        new TinyMmdbWriter("GeoLite2-ASN")
                .add("8.8.8.0/24", Map.of("autonomous_system_number", 15169L, "autonomous_system_organization", "GOOGLE"))
                .add("2003::/19", Map.of("autonomous_system_number", 3320L,
                        "autonomous_system_organization", "Deutsche Telekom AG"))
                .write(asn);
        Path city = GeoTestData.geoipDir().resolve(GeoSettings.CITY_IN_DIRECTORY);
        try (GeoEnricher enricher = new GeoEnricher(city, asn, GeoTestData.asnCsvFiles())) {
            GeoInfo google = enricher.lookup("8.8.8.8").orElseThrow();
            assertThat(google.countryIsoCode()).isEqualTo("US");
            assertThat(google.asNumber()).isEqualTo(15169L);
            assertThat(google.asOrganization()).as("from the .mmdb, not the CSV's 'Google LLC'").isEqualTo("GOOGLE");
            assertThat(enricher.lookup("2003:e1::1").orElseThrow().asNumber()).isEqualTo(3320L);
            GeoInfo cloudflare = enricher.lookup("1.1.1.1").orElseThrow();
            assertThat(cloudflare.asNumber()).as("the .mmdb replaces the CSV table").isNull();
            assertThat(enricher.describe()).contains("ASN: GeoLite2-ASN built");
        }
    }

    @Test
    void usesAGeoIp2IspDatabaseWhenConfigured() throws Exception {
        Path isp = tmp.resolve("GeoIP2-ISP.mmdb");
        new TinyMmdbWriter("GeoIP2-ISP")
                .add("91.0.0.0/10", Map.of("autonomous_system_number", 3320L,
                        "autonomous_system_organization", "Deutsche Telekom AG", "isp", "Deutsche Telekom AG"))
                .write(isp);
        Path city = GeoTestData.geoipDir().resolve(GeoSettings.CITY_IN_DIRECTORY);
        try (GeoEnricher enricher = new GeoEnricher(city, isp, List.of())) {
            GeoInfo info = enricher.lookup("91.0.0.1").orElseThrow();
            assertThat(info.countryIsoCode()).isEqualTo("DE");
            assertThat(info.asNumber()).isEqualTo(3320L);
            assertThat(info.asOrganization()).isEqualTo("Deutsche Telekom AG");
        }
    }
}

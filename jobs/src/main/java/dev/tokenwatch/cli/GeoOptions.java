package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.GeoSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** GeoIP options shared by the commands that run the pipeline. */
final class GeoOptions {
    @Option(names = "--geoip-dir", paramLabel = "DIR", description = "Directory laid out as the build downloads it (default: $TOKENWATCH_GEOIP_DIR or jobs/target/geoip).")
    String dir;

    @Option(names = "--geoip-city", paramLabel = "FILE", description = "A MaxMind City database (.mmdb or .mmdb.gz), e.g. your licensed GeoIP2-City ($TOKENWATCH_GEOIP_CITY).")
    String city;

    @Option(names = "--geoip-asn", paramLabel = "FILE", description = "A GeoLite2-ASN or GeoIP2-ISP .mmdb ($TOKENWATCH_GEOIP_ASN).")
    String asn;

    @Option(names = "--geoip-asn-csv", paramLabel = "FILE", description = "ip-location-db ASN CSV range files ($TOKENWATCH_GEOIP_ASN_CSV).")
    List<String> asnCsv = new ArrayList<>();

    @Option(names = "--no-geoip", description = "Run without GeoIP/ASN enrichment.")
    boolean disabled;

    /** The settings, or null without enrichment; a configured file that is missing fails here, at start-up. */
    GeoSettings settings() {
        if (disabled) return null;
        if (dir == null && Home.dir() != null && System.getenv(GeoSettings.DIR_ENV) == null
                && System.getProperty(GeoSettings.DIR_PROPERTY) == null) {
            dir = Home.dir().resolve(GeoSettings.DEFAULT_DIRECTORY).toString();
        }
        GeoSettings settings = GeoSettings.resolve(city, asn, asnCsv, dir);
        requireReadable(settings.cityDatabase(), "--geoip-city / " + GeoSettings.CITY_ENV + " / --geoip-dir");
        settings.asnDatabase().ifPresent(p -> requireReadable(p, "--geoip-asn / " + GeoSettings.ASN_ENV));
        settings.asnCsvFiles().forEach(p -> requireReadable(p, "--geoip-asn-csv / " + GeoSettings.ASN_CSV_ENV));
        return settings;
    }

    private static void requireReadable(Path file, String setting) {
        if (!Files.isReadable(file)) {
            throw new UsageException("GeoIP database not found: " + file + " (set " + setting
                    + ", run 'mvn -B -pl jobs generate-resources' to download the free GeoLite2 data, or pass --no-geoip)");
        }
    }
}

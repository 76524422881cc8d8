package dev.tokenwatch.enrich;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which GeoIP / ASN files to open. Serializable (paths are kept as strings) so a Flink operator
 * can carry it and open the {@link GeoEnricher} in {@code open()}.
 *
 * <ul>
 *   <li>City: a MaxMind City database, {@code .mmdb} or {@code .mmdb.gz} (GeoLite2-City or a
 *       licensed GeoIP2-City).</li>
 *   <li>ASN, optional: a GeoLite2-ASN or GeoIP2-ISP {@code .mmdb}; if set it is used instead of
 *       the CSV files.</li>
 *   <li>ASN CSV, optional: ip-location-db range files ({@code start_ip,end_ip,asn,org}).</li>
 * </ul>
 *
 * <p>The build downloads the free data into a directory laid out as
 * {@value #CITY_IN_DIRECTORY} and {@code asn/package/asn-ipv4.csv}, {@code asn-ipv6.csv};
 * {@link #forDirectory(Path)} uses that layout and {@link #defaultDirectory()} finds it.
 */
public final class GeoSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** System property naming the GeoIP directory (surefire sets it for tests). */
    public static final String DIR_PROPERTY = "tokenwatch.geoip.dir";
    public static final String DIR_ENV = "TOKENWATCH_GEOIP_DIR";
    public static final String DIR_OPTION = "--geoip-dir";
    public static final String CITY_ENV = "TOKENWATCH_GEOIP_CITY";
    public static final String CITY_OPTION = "--geoip-city";
    public static final String ASN_ENV = "TOKENWATCH_GEOIP_ASN";
    public static final String ASN_OPTION = "--geoip-asn";
    /** Several files separated by the platform path separator (':' on Unix). */
    public static final String ASN_CSV_ENV = "TOKENWATCH_GEOIP_ASN_CSV";
    public static final String ASN_CSV_OPTION = "--geoip-asn-csv";

    /** Where the build puts the data, relative to the repository root. */
    public static final String DEFAULT_DIRECTORY = "jobs/target/geoip";
    public static final String CITY_IN_DIRECTORY = "geolite2-city/package/GeoLite2-City.mmdb.gz";
    public static final List<String> ASN_CSV_IN_DIRECTORY =
            List.of("asn/package/asn-ipv4.csv", "asn/package/asn-ipv6.csv");

    /** Entries of GeoIP2's {@code CHMCache} for decoded database records. */
    public static final int DEFAULT_DATABASE_CACHE_SIZE = 4096;
    /** Entries of the enricher's own address → {@link GeoInfo} cache. */
    public static final int DEFAULT_RESULT_CACHE_SIZE = 16_384;

    private final String cityDatabase;
    private final String asnDatabase;
    private final List<String> asnCsvFiles;
    private final String cityHint;
    private final String asnCsvHint;
    private final int databaseCacheSize;
    private final int resultCacheSize;

    private GeoSettings(String cityDatabase, String asnDatabase, List<String> asnCsvFiles, String cityHint,
                        String asnCsvHint, int databaseCacheSize, int resultCacheSize) {
        this.cityDatabase = Objects.requireNonNull(cityDatabase, "cityDatabase");
        this.asnDatabase = asnDatabase;
        this.asnCsvFiles = List.copyOf(asnCsvFiles);
        this.cityHint = cityHint;
        this.asnCsvHint = asnCsvHint;
        if (databaseCacheSize < 0 || resultCacheSize < 0) {
            throw new IllegalArgumentException("cache sizes must be >= 0");
        }
        this.databaseCacheSize = databaseCacheSize;
        this.resultCacheSize = resultCacheSize;
    }

    /**
     * Explicit files: a City database (required), an ASN {@code .mmdb} (nullable) and ASN CSV
     * files (nullable or empty). With neither ASN source, AS fields stay null.
     */
    public static GeoSettings of(Path cityDatabase, Path asnDatabase, List<Path> asnCsvFiles) {
        return new GeoSettings(Objects.requireNonNull(cityDatabase, "cityDatabase").toString(),
                asnDatabase == null ? null : asnDatabase.toString(),
                asnCsvFiles == null ? List.of() : asnCsvFiles.stream().map(Path::toString).toList(),
                explicitHint(CITY_OPTION, CITY_ENV), explicitHint(ASN_CSV_OPTION, ASN_CSV_ENV),
                DEFAULT_DATABASE_CACHE_SIZE, DEFAULT_RESULT_CACHE_SIZE);
    }

    /**
     * The layout the build downloads into: the gzipped GeoLite2-City (or an unpacked
     * {@code GeoLite2-City.mmdb} in its place) and both ip-location-db ASN CSV files.
     */
    public static GeoSettings forDirectory(Path geoipDir) {
        return new GeoSettings(cityInDirectory(geoipDir).toString(), null, asnCsvInDirectory(geoipDir),
                directoryHint(geoipDir, CITY_OPTION, CITY_ENV), directoryHint(geoipDir, ASN_OPTION, ASN_ENV),
                DEFAULT_DATABASE_CACHE_SIZE, DEFAULT_RESULT_CACHE_SIZE);
    }

    /**
     * The GeoIP directory: system property {@value #DIR_PROPERTY}, else environment variable
     * {@value #DIR_ENV}, else {@value #DEFAULT_DIRECTORY} under the current directory.
     */
    public static Path defaultDirectory() {
        return defaultDirectory(System::getProperty, System::getenv, Path.of(""));
    }

    static Path defaultDirectory(UnaryOperator<String> properties, UnaryOperator<String> env, Path workingDir) {
        String fromProperty = blankToNull(properties.apply(DIR_PROPERTY));
        if (fromProperty != null) {
            return Path.of(fromProperty);
        }
        String fromEnv = blankToNull(env.apply(DIR_ENV));
        if (fromEnv != null) {
            return Path.of(fromEnv);
        }
        return workingDir.toAbsolutePath().resolve(DEFAULT_DIRECTORY);
    }

    /**
     * Settings from command-line option values (each nullable/empty when not given), falling back
     * to the environment ({@value #CITY_ENV}, {@value #ASN_ENV}, {@value #ASN_CSV_ENV}) and then to
     * the GeoIP directory ({@code dirOption}, else {@link #defaultDirectory()}). Without an
     * explicit ASN source, the directory's CSV files are used; if the city database was given
     * explicitly they are only used when present.
     */
    public static GeoSettings resolve(String cityOption, String asnOption, List<String> asnCsvOptions, String dirOption) {
        return resolve(cityOption, asnOption, asnCsvOptions, dirOption, System::getProperty, System::getenv, Path.of(""));
    }

    static GeoSettings resolve(String cityOption, String asnOption, List<String> asnCsvOptions, String dirOption,
                               UnaryOperator<String> properties, UnaryOperator<String> env, Path workingDir) {
        String dirText = blankToNull(dirOption);
        Path dir = dirText != null ? Path.of(dirText) : defaultDirectory(properties, env, workingDir);

        String city = firstNonBlank(cityOption, env.apply(CITY_ENV));
        boolean cityFromDir = city == null;
        String cityHint = cityFromDir ? directoryHint(dir, CITY_OPTION, CITY_ENV) : explicitHint(CITY_OPTION, CITY_ENV);
        if (cityFromDir) {
            city = cityInDirectory(dir).toString();
        }

        String asn = firstNonBlank(asnOption, env.apply(ASN_ENV));

        List<String> csv = new ArrayList<>();
        if (asnCsvOptions != null) {
            asnCsvOptions.stream().map(GeoSettings::blankToNull).filter(Objects::nonNull).forEach(csv::add);
        }
        String csvEnv = blankToNull(env.apply(ASN_CSV_ENV));
        if (csv.isEmpty() && csvEnv != null) {
            for (String part : csvEnv.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    csv.add(part.strip());
                }
            }
        }
        String csvHint = explicitHint(ASN_CSV_OPTION, ASN_CSV_ENV);
        if (csv.isEmpty() && asn == null) {
            List<String> fromDir = asnCsvInDirectory(dir);
            if (cityFromDir || fromDir.stream().allMatch(f -> Files.isRegularFile(Path.of(f)))) {
                csv.addAll(fromDir);
                csvHint = directoryHint(dir, ASN_OPTION, ASN_ENV);
            }
        }
        return new GeoSettings(city, asn, csv, cityHint, csvHint, DEFAULT_DATABASE_CACHE_SIZE, DEFAULT_RESULT_CACHE_SIZE);
    }

    /** A copy using a GeoIP2 {@code CHMCache} of this many entries (0: no cache, GeoIP2's {@code NoCache}). */
    public GeoSettings withDatabaseCacheSize(int entries) {
        return new GeoSettings(cityDatabase, asnDatabase, asnCsvFiles, cityHint, asnCsvHint, entries, resultCacheSize);
    }

    /** A copy whose enricher caches this many address results (0: no result cache). */
    public GeoSettings withResultCacheSize(int entries) {
        return new GeoSettings(cityDatabase, asnDatabase, asnCsvFiles, cityHint, asnCsvHint, databaseCacheSize, entries);
    }

    public Path cityDatabase() {
        return Path.of(cityDatabase);
    }

    public Optional<Path> asnDatabase() {
        return Optional.ofNullable(asnDatabase).map(Path::of);
    }

    public List<Path> asnCsvFiles() {
        return asnCsvFiles.stream().map(Path::of).toList();
    }

    public int databaseCacheSize() {
        return databaseCacheSize;
    }

    public int resultCacheSize() {
        return resultCacheSize;
    }

    /** How a user changes the city database path, for error messages. */
    String cityHint() {
        return cityHint;
    }

    String asnHint() {
        return explicitHint(ASN_OPTION, ASN_ENV);
    }

    String asnCsvHint() {
        return asnCsvHint;
    }

    private static Path cityInDirectory(Path dir) {
        Path gz = dir.resolve(CITY_IN_DIRECTORY);
        Path plain = gz.resolveSibling("GeoLite2-City.mmdb");
        return !Files.exists(gz) && Files.isRegularFile(plain) ? plain : gz;
    }

    private static List<String> asnCsvInDirectory(Path dir) {
        return ASN_CSV_IN_DIRECTORY.stream().map(f -> dir.resolve(f).toString()).toList();
    }

    private static String explicitHint(String option, String env) {
        return "set " + option + " or " + env;
    }

    private static String directoryHint(Path dir, String ownFileOption, String ownFileEnv) {
        return "expected in the GeoIP directory " + dir + ", which the Maven build downloads into; run the build, or set "
                + DIR_OPTION + " or " + DIR_ENV + ", or " + ownFileOption + " / " + ownFileEnv + " for your own database";
    }

    private static String firstNonBlank(String first, String second) {
        String a = blankToNull(first);
        return a != null ? a : blankToNull(second);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GeoSettings other)) {
            return false;
        }
        return cityDatabase.equals(other.cityDatabase) && Objects.equals(asnDatabase, other.asnDatabase)
                && asnCsvFiles.equals(other.asnCsvFiles) && databaseCacheSize == other.databaseCacheSize
                && resultCacheSize == other.resultCacheSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cityDatabase, asnDatabase, asnCsvFiles, databaseCacheSize, resultCacheSize);
    }

    @Override
    public String toString() {
        return "GeoSettings[city=" + cityDatabase + ", asn=" + asnDatabase + ", asnCsv=" + asnCsvFiles
                + ", databaseCache=" + databaseCacheSize + ", resultCache=" + resultCacheSize + "]";
    }
}

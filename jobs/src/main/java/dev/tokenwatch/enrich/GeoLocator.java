package dev.tokenwatch.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.NoCache;
import com.maxmind.db.NodeCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.City;
import com.maxmind.geoip2.record.Country;
import com.maxmind.geoip2.record.Location;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Looks addresses up in a MaxMind City database and an ASN source (a user's GeoLite2-ASN /
 * GeoIP2-ISP {@code .mmdb} if configured, else an {@link AsnTable} from CSV files, else none).
 *
 * <p>The City database is memory-mapped with GeoIP2's {@code CHMCache}; a {@code .mmdb.gz} is
 * decompressed once to a sibling file (see {@link GzipDatabaseCache}). Every configured file is
 * checked when the locator is opened: a missing, unreadable or wrong file throws
 * {@link GeoDataException} naming the file and the setting to change. Thread-safe.
 */
public final class GeoLocator implements Closeable {

    private final DatabaseReader city;
    private final AsnLookup asn;
    private final String asnDescription;
    private final Duration openTime;

    private GeoLocator(DatabaseReader city, AsnLookup asn, String asnDescription, Duration openTime) {
        this.city = city;
        this.asn = asn;
        this.asnDescription = asnDescription;
        this.openTime = openTime;
    }

    /** Opens the files named by {@code settings}. */
    public static GeoLocator open(GeoSettings settings) {
        long started = System.nanoTime();
        DatabaseReader city = openCity(settings);
        try {
            AsnLookup asn;
            String asnDescription;
            Optional<Path> asnDatabase = settings.asnDatabase();
            if (asnDatabase.isPresent()) {
                MmdbAsnLookup mmdb = openAsnDatabase(asnDatabase.get(), settings);
                asn = mmdb;
                asnDescription = mmdb.describe() + " (" + asnDatabase.get() + ")";
            } else if (!settings.asnCsvFiles().isEmpty()) {
                AsnTable table = loadAsnTable(settings.asnCsvFiles(), settings);
                asn = table;
                asnDescription = table + " from " + settings.asnCsvFiles();
            } else {
                asn = null;
                asnDescription = "none";
            }
            return new GeoLocator(city, asn, asnDescription, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            closeQuietly(city);
            throw e;
        }
    }

    /**
     * What the data says about {@code address}: non-public addresses get their class only;
     * public ones the data does not know get {@link NetworkClass#PUBLIC} and nulls.
     *
     * @throws UncheckedIOException if a database cannot be read (corrupt, or closed)
     */
    public GeoInfo locate(InetAddress address) {
        NetworkClass ipClass = NetworkClass.of(address);
        if (!ipClass.isPublic()) {
            return GeoInfo.classOnly(ipClass);
        }
        CityResponse place = findCity(address);
        AsInfo as = asn == null ? null : asn.lookup(address).orElse(null);
        Country country = place == null ? null : place.country();
        City town = place == null ? null : place.city();
        Location location = place == null ? null : place.location();
        return new GeoInfo(
                ipClass,
                country == null ? null : country.isoCode(),
                country == null ? null : country.name(),
                town == null ? null : town.name(),
                location == null ? null : location.latitude(),
                location == null ? null : location.longitude(),
                location == null ? null : location.accuracyRadius(),
                as == null ? null : as.number(),
                as == null ? null : as.organization());
    }

    private CityResponse findCity(InetAddress address) {
        try {
            return city.tryCity(address).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("GeoIP city lookup failed for " + address.getHostAddress(), e);
        } catch (GeoIp2Exception e) {
            return null;
        }
    }

    /** Database types, build dates and the ASN source, for logs. */
    public String describe() {
        return "city: " + city.metadata().databaseType() + " built " + city.metadata().buildTime()
                + "; ASN: " + asnDescription;
    }

    /** How long {@link #open(GeoSettings)} took (including any decompression and the ASN CSV load). */
    public Duration openTime() {
        return openTime;
    }

    @Override
    public void close() throws IOException {
        try {
            city.close();
        } finally {
            if (asn instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }

    private static DatabaseReader openCity(GeoSettings settings) {
        Path path = settings.cityDatabase();
        String hint = settings.cityHint();
        DatabaseReader reader = openMmdb("GeoIP city database", path, hint, settings.databaseCacheSize());
        String type = reader.metadata().databaseType();
        if (!type.contains("City")) {
            closeQuietly(reader);
            throw new GeoDataException("GeoIP city database " + path + " is a " + type
                    + " database, not a City database (" + hint + ")", path.toString(), null);
        }
        return reader;
    }

    private static MmdbAsnLookup openAsnDatabase(Path path, GeoSettings settings) {
        String hint = settings.asnHint();
        DatabaseReader reader = openMmdb("GeoIP ASN database", path, hint, settings.databaseCacheSize());
        try {
            return new MmdbAsnLookup(reader);
        } catch (IllegalArgumentException e) {
            closeQuietly(reader);
            throw new GeoDataException("GeoIP ASN database " + path + " " + e.getMessage() + " (" + hint + ")",
                    path.toString(), null);
        }
    }

    private static AsnTable loadAsnTable(List<Path> files, GeoSettings settings) {
        for (Path file : files) {
            checkReadable("ASN CSV file", file, settings.asnCsvHint());
        }
        try {
            return AsnTableCache.load(files);
        } catch (IOException e) {
            throw new GeoDataException("ASN CSV file cannot be read: " + e.getMessage() + " (" + settings.asnCsvHint()
                    + ")", files.toString(), e);
        }
    }

    private static DatabaseReader openMmdb(String what, Path path, String hint, int cacheSize) {
        checkReadable(what, path, hint);
        try {
            Path mmdb = path.getFileName().toString().toLowerCase().endsWith(".gz")
                    ? GzipDatabaseCache.decompressed(path)
                    : path;
            NodeCache cache = cacheSize > 0 ? new CHMCache(cacheSize) : NoCache.getInstance();
            return new DatabaseReader.Builder(mmdb.toFile())
                    .fileMode(Reader.FileMode.MEMORY_MAPPED)
                    .withCache(cache)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new GeoDataException(what + " cannot be opened: " + path + ": " + e.getMessage() + " (" + hint + ")",
                    path.toString(), e);
        }
    }

    private static void checkReadable(String what, Path path, String hint) {
        if (!Files.exists(path)) {
            throw new GeoDataException(what + " not found: " + path + " (" + hint + ")", path.toString(), null);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new GeoDataException(what + " is not a readable file: " + path + " (" + hint + ")",
                    path.toString(), null);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already failing; the original error matters
        }
    }
}

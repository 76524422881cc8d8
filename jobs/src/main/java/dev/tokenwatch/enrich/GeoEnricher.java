package dev.tokenwatch.enrich;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns IP address text from audit events into {@link GeoInfo}: network class, country, city,
 * coordinates and autonomous system.
 *
 * <ul>
 *   <li>Not an IP literal (host names, garbage, empty, null): {@link Optional#empty()}. Never
 *       resolves names. {@code address:port} and {@code [v6]:port} are accepted.</li>
 *   <li>Private, loopback, link-local, CGNAT, reserved, multicast: the class, no geo or AS.</li>
 *   <li>Public: geo from the City database and the AS; unknown to the data: {@code PUBLIC} with
 *       nulls.</li>
 * </ul>
 *
 * <p>Thread-safe: share one instance between threads. Keeps a bounded cache of results
 * ({@link GeoSettings#withResultCacheSize(int)}). Close it to unmap the databases; lookups after
 * {@link #close()} throw {@link IllegalStateException}.
 */
public final class GeoEnricher implements Closeable {

    private final GeoLocator locator;
    private final BoundedCache<InetAddress, GeoInfo> results;
    private volatile boolean closed;

    /** Opens the files named by {@code settings}; throws {@link GeoDataException} naming a bad file. */
    public GeoEnricher(GeoSettings settings) {
        this.locator = GeoLocator.open(settings);
        this.results = settings.resultCacheSize() > 0 ? new BoundedCache<>(settings.resultCacheSize()) : null;
    }

    /**
     * Explicit files: City database ({@code .mmdb} or {@code .mmdb.gz}), optional GeoLite2-ASN /
     * GeoIP2-ISP database (nullable; preferred when given) and optional ip-location-db ASN CSV files.
     */
    public GeoEnricher(Path cityDatabase, Path asnDatabase, List<Path> asnCsvFiles) {
        this(GeoSettings.of(cityDatabase, asnDatabase, asnCsvFiles));
    }

    /** The layout the build downloads into ({@link GeoSettings#forDirectory(Path)}). */
    public static GeoEnricher fromDirectory(Path geoipDir) {
        return new GeoEnricher(GeoSettings.forDirectory(geoipDir));
    }

    /** Looks up an IP literal (optionally with a port); empty if {@code ip} is not one. */
    public Optional<GeoInfo> lookup(String ip) {
        if (ip == null || ip.length() > IpAddresses.MAX_LITERAL_LENGTH + 8) {
            return Optional.empty();
        }
        return IpAddresses.parse(IpAddresses.stripPort(ip)).map(this::lookup);
    }

    /** Looks up a parsed address. */
    public GeoInfo lookup(InetAddress address) {
        if (closed) {
            throw new IllegalStateException("GeoEnricher is closed");
        }
        if (results == null) {
            return locator.locate(address);
        }
        GeoInfo cached = results.get(address);
        if (cached != null) {
            return cached;
        }
        GeoInfo found = locator.locate(address);
        results.put(address, found);
        return found;
    }

    /** Database types, build dates and the ASN source, for logs. */
    public String describe() {
        return locator.describe();
    }

    /** The underlying locator (no result cache). */
    public GeoLocator locator() {
        return locator;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            locator.close();
        }
    }
}

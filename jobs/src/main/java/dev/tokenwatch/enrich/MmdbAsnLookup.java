package dev.tokenwatch.enrich;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.IspResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * AS lookups in a user's GeoLite2-ASN (or compatible, e.g. DB-IP ASN Lite) or GeoIP2-ISP
 * database through GeoIP2's {@code asn()} / {@code isp()}. Thread-safe.
 */
final class MmdbAsnLookup implements AsnLookup, Closeable {

    private final DatabaseReader reader;
    private final boolean isp;

    /** Takes ownership of {@code reader}; rejects databases that hold no AS data. */
    MmdbAsnLookup(DatabaseReader reader) {
        String type = reader.metadata().databaseType();
        if (type.contains("GeoLite2-ASN")) {
            isp = false;
        } else if (type.contains("GeoIP2-ISP")) {
            isp = true;
        } else {
            throw new IllegalArgumentException("is a " + type + " database; expected GeoLite2-ASN or GeoIP2-ISP");
        }
        this.reader = reader;
    }

    @Override
    public Optional<AsInfo> lookup(InetAddress address) {
        try {
            if (isp) {
                return reader.tryIsp(address).filter(r -> r.autonomousSystemNumber() != null)
                        .map(r -> toAsInfo(r));
            }
            return reader.tryAsn(address).filter(r -> r.autonomousSystemNumber() != null)
                    .map(MmdbAsnLookup::toAsInfo);
        } catch (IOException e) {
            throw new UncheckedIOException("ASN database lookup failed for " + address.getHostAddress(), e);
        } catch (GeoIp2Exception e) {
            return Optional.empty();
        }
    }

    private static AsInfo toAsInfo(AsnResponse r) {
        return new AsInfo(r.autonomousSystemNumber(), r.autonomousSystemOrganization());
    }

    private static AsInfo toAsInfo(IspResponse r) {
        return new AsInfo(r.autonomousSystemNumber(), r.autonomousSystemOrganization());
    }

    String describe() {
        return reader.metadata().databaseType() + " built " + reader.metadata().buildTime();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

package dev.tokenwatch.enrich;

/**
 * A configured GeoIP or ASN file is missing, unreadable or of the wrong kind. The message names
 * the file and the setting that chose it, e.g. {@code GeoIP city database not found: /x/y.mmdb
 * (set --geoip-city or TOKENWATCH_GEOIP_CITY)}.
 */
public final class GeoDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;

    GeoDataException(String message, String file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault, as configured. */
    public String file() {
        return file;
    }
}

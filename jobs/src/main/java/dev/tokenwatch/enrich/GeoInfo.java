package dev.tokenwatch.enrich;

/**
 * What the GeoIP and ASN data say about one address.
 *
 * <p>Only {@link NetworkClass#PUBLIC} addresses are looked up; for every other class all other
 * fields are null. A public address the data does not know also has nulls. Country and city
 * are where MaxMind locates the address (not the registrant's country); names are English.
 * {@code accuracyRadiusKm} is MaxMind's radius around the coordinates: country-level guesses
 * (e.g. 8.8.8.8, placed in the middle of the US) have radii of hundreds of kilometres, which
 * matters for distance and travel-speed checks.
 *
 * @param ipClass          network class of the address, never null
 * @param countryIsoCode   ISO 3166-1 alpha-2, e.g. "DE"
 * @param countryName      English country name, e.g. "Germany"
 * @param cityName         English city name
 * @param latitude         degrees, or null
 * @param longitude        degrees, or null
 * @param accuracyRadiusKm radius in km around the coordinates, or null
 * @param asNumber         autonomous system number, e.g. 3320
 * @param asOrganization   autonomous system organization, e.g. "Deutsche Telekom AG"
 */
public record GeoInfo(
        NetworkClass ipClass,
        String countryIsoCode,
        String countryName,
        String cityName,
        Double latitude,
        Double longitude,
        Integer accuracyRadiusKm,
        Long asNumber,
        String asOrganization) {

    public GeoInfo {
        if (ipClass == null) {
            throw new NullPointerException("ipClass");
        }
    }

    /** Class only, no geo or AS data (non-public addresses, or public ones the data lacks). */
    public static GeoInfo classOnly(NetworkClass ipClass) {
        return new GeoInfo(ipClass, null, null, null, null, null, null, null, null);
    }

    /** True when both coordinates are known. */
    public boolean hasLocation() {
        return latitude != null && longitude != null;
    }
}

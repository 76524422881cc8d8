/**
 * Enrichment of IP addresses with network class, location and autonomous system, in plain Java
 * (no Flink types). Entry point: {@link dev.tokenwatch.enrich.GeoEnricher}.
 *
 * <p>Data credits:
 * <ul>
 *   <li>This product includes GeoLite2 data created by MaxMind, available from
 *       <a href="https://www.maxmind.com">https://www.maxmind.com</a>. The GeoLite2 End User
 *       License Agreement applies; production users can point Tokenwatch at their own licensed
 *       GeoLite2 / GeoIP2 databases.</li>
 *   <li>IP to ASN data: <a href="https://github.com/sapics/ip-location-db">ip-location-db</a>
 *       ({@code @ip-location-db/asn}), built from the IP to AS Number database created by
 *       <a href="https://www.routeviews.org">Route Views</a>, the IP to ASN Lite database by
 *       <a href="https://db-ip.com">DB-IP</a> (IP Geolocation by DB-IP) and statistics by the
 *       <a href="https://www.nro.net">NRO</a>, each licensed under the
 *       <a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0
 *       International License</a> (see the ROUTEVIEWS-LICENSE, DBIP-LICENSE, NRO_LICENSE and
 *       MODIFICATIONS files in the npm package).</li>
 * </ul>
 */
package dev.tokenwatch.enrich;

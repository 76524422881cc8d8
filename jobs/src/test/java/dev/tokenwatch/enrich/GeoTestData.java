package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The data the build downloads (system property tokenwatch.geoip.dir, set by surefire). */
final class GeoTestData {

    private GeoTestData() {
    }

    static Path geoipDir() {
        Path dir = GeoSettings.defaultDirectory();
        assertThat(dir.resolve(GeoSettings.CITY_IN_DIRECTORY))
                .as("GeoIP test data (run the Maven build, which downloads it into %s)", dir)
                .satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
        return dir;
    }

    static List<Path> asnCsvFiles() {
        Path dir = geoipDir();
        return GeoSettings.ASN_CSV_IN_DIRECTORY.stream().map(dir::resolve).toList();
    }

    /** {@code count} random public IPv4 addresses (fixed seed), every 8th one IPv6 in 2000::/4. */
    static List<InetAddress> randomPublicAddresses(int count) throws Exception {
        Random random = new Random(20260917);
        List<InetAddress> out = new ArrayList<>(count);
        while (out.size() < count) {
            byte[] bytes;
            if (out.size() % 8 == 7) {
                bytes = new byte[16];
                random.nextBytes(bytes);
                bytes[0] = (byte) (0x20 | (bytes[0] & 0x0f));
                bytes[1] = (byte) (bytes[1] & 0x0f); // 2000::/12, where most allocations are
            } else {
                bytes = new byte[4];
                random.nextBytes(bytes);
            }
            InetAddress address = InetAddress.getByAddress(bytes);
            if (NetworkClass.of(address).isPublic()) {
                out.add(address);
            }
        }
        return out;
    }
}

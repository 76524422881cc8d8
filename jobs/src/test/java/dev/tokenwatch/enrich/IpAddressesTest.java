package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, 8.8.8.8",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "192.168.0.10, 192.168.0.10",
            "::ffff:1.2.3.4, 1.2.3.4",
            "::FFFF:10.0.0.1, 10.0.0.1"})
    void parsesIpv4(String text, String expected) {
        InetAddress address = IpAddresses.parse(text).orElseThrow();
        assertThat(address).isInstanceOf(Inet4Address.class);
        assertThat(address.getHostAddress()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8::1, 2001:db8:0:0:0:0:0:1",
            "::, 0:0:0:0:0:0:0:0",
            "::1, 0:0:0:0:0:0:0:1",
            "1::, 1:0:0:0:0:0:0:0",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8:0:0:0:0:0:1",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
            "1:2:3::6:7:8, 1:2:3:0:0:6:7:8",
            "fe80::abcd, fe80:0:0:0:0:0:0:abcd",
            "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
            "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
            "[::1], 0:0:0:0:0:0:0:1"})
    void parsesIpv6(String text, String expected) {
        InetAddress address = IpAddresses.parse(text).orElseThrow();
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(address.getHostAddress()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4\u0000",
            "999.1.1.1", "256.0.0.0", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3",
            "01.2.3.4", "1.2.3.04", "0x7f.0.0.1", "1.2.3.-4", "+1.2.3.4", "1234.1.1.1", "1.2.3.4/24",
            "\u0661.\u0662.\u0663.\u0664", "1.2.3.4:80", "[1.2.3.4]",
            "localhost", "example.com", "www.google.com", "metadata.google.internal", "a", "1",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", "1:::2", "12345::", ":1", "1:",
            ":", "[]", "[::1", "::1]", "[::1]:443", "::1%eth0", "fe80::1%1", "2001:db8::g",
            "::ffff:1.2.3.256", "::1.2.3.4:5", "1.2.3.4::", "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4",
            "-1::", "::-1", "1:2:3:4:5:6:7:8::"})
    void rejectsAnythingElse(String text) {
        assertThat(IpAddresses.parse(text)).isEmpty();
        assertThat(IpAddresses.isValid(text)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(IpAddresses.parse(null)).isEmpty();
    }

    @Test
    void neverResolvesHostNames() throws Exception {
        // "localhost" resolves without a network, so getByName would answer 127.0.0.1: parse must not.
        assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
        assertThat(IpAddresses.parse("localhost")).isEmpty();
        // A name in the reserved .invalid TLD: a resolver would at least try; parse answers at once.
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(IpAddresses.parse("host" + i + ".tokenwatch.invalid")).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void rejectsHugeInputQuickly() {
        String tenKb = "1".repeat(10 * 1024);
        String tenKbOfColons = "1:".repeat(5 * 1024);
        String tenKbIpv4ish = "1.".repeat(5 * 1024) + "1";
        long started = System.nanoTime();
        assertThat(IpAddresses.parse(tenKb)).isEmpty();
        assertThat(IpAddresses.parse(tenKbOfColons)).isEmpty();
        assertThat(IpAddresses.parse(tenKbIpv4ish)).isEmpty();
        assertThat(IpAddresses.parse("[" + tenKbOfColons + "]")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3.4:5678|1.2.3.4",
            "1.2.3.4|1.2.3.4",
            "[2001:db8::1]:443|2001:db8::1",
            "[2001:db8::1]|2001:db8::1",
            "2001:db8::1|2001:db8::1",
            "::1|::1",
            "'  10.0.0.1:22  '|10.0.0.1",
            "::ffff:1.2.3.4|::ffff:1.2.3.4",
            "1.2.3.4:http|1.2.3.4:http",
            "1.2.3.4:123456|1.2.3.4:123456",
            "[2001:db8::1]:x|[2001:db8::1]:x",
            "host.example:80|host.example"})
    void stripsPorts(String input, String expected) {
        assertThat(IpAddresses.stripPort(input)).isEqualTo(expected);
    }

    @Test
    void stripPortThenParseHandlesAllUsualForms() {
        assertThat(IpAddresses.parse(IpAddresses.stripPort("[2001:db8::1]:443")).orElseThrow().getHostAddress())
                .isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(IpAddresses.parse(IpAddresses.stripPort("203.0.113.7:51234")).orElseThrow().getHostAddress())
                .isEqualTo("203.0.113.7");
        assertThat(IpAddresses.stripPort(null)).isNull();
    }
}

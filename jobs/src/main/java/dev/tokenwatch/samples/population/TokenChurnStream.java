package dev.tokenwatch.samples.population;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenwatch.samples.Dice;
import dev.tokenwatch.samples.Time;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many tokens at little cost per token, for measuring the job's state at millions of tokens (a population stream
 * needs ~108 events per token): over 28 days, each token is created by its user from the user's home address, then
 * pulled once or twice from there within a week, ~2.5 native events per token. About three tokens per user, users on
 * the population's home networks (so GeoIP finds them). Written in time order a day at a time, never held whole:
 * only the days a pending pull falls on are in memory. Each day goes to files of its own, as a registry's daily audit-log
 * export would, so a job can be fed a day at a time. The same settings always give the same bytes.
 */
public final class TokenChurnStream {
    public static final int DAYS = 28;
    private static final int TOKENS_PER_USER = 3;
    private static final long USE_WITHIN = 7 * Time.DAY;
    // A day's entry packs its time of day (27 bits), token number (35 bits) and kind (1 bit) in a long that sorts by time.
    private static final int TIME_SHIFT = 36;
    private static final long TOKEN_MASK = (1L << 35) - 1;
    private static final int CREATED = 0;
    private static final int PULLED = 1;

    /** What was written. */
    public record Written(long events, long tokens, long users, List<Day> days) {}

    /**
     * One day's files, its events, and the tokens created up to its end.
     *
     * @param day 1 for the first
     */
    public record Day(int day, Path file, long events, long tokensSoFar) {}

    private final long seed;
    private final int tokens;
    private final int users;
    private final Dice dice;
    private final Repos repos;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Encodings encodings;

    private TokenChurnStream(int tokens, long seed) {
        this.seed = seed;
        this.tokens = tokens;
        this.users = Math.max(1, (tokens + TOKENS_PER_USER - 1) / TOKENS_PER_USER);
        this.dice = new Dice(seed);
        this.repos = new Repos(dice);
        this.encodings = new Encodings(mapper, seed);
    }

    /**
     * Writes day-01.jsonl to day-28.jsonl into {@code dir}, each in time order.
     *
     * @param start the first day's midnight, epoch millis
     */
    public static Written writeDays(Path dir, int tokens, long seed, long start) throws IOException {
        if (tokens <= 0) throw new IllegalArgumentException("--tokens: must be > 0, got " + tokens);
        Files.createDirectories(dir);
        return new TokenChurnStream(tokens, seed).writeTo(dir, start);
    }

    private Written writeTo(Path dir, long start) throws IOException {
        long end = start + DAYS * Time.DAY;
        DayEntries[] pending = new DayEntries[DAYS];
        List<Day> written = new ArrayList<>(DAYS);
        long events = 0;
        for (int day = 0; day < DAYS; day++) {
            long dayStart = start + day * Time.DAY;
            // Token i is created on day i * DAYS / tokens: a user's tokens (i, i + users, ...) some days apart.
            long createdBy = (long) (day + 1) * tokens / DAYS;
            for (long i = (long) day * tokens / DAYS; i < createdBy; i++) {
                long created = dayStart + dice.millisBetween(0, Time.DAY - 1);
                add(pending, start, created, i, CREATED);
                int pulls = dice.between(1, 2);
                for (int k = 0; k < pulls; k++) {
                    long span = Math.min(USE_WITHIN, end - 1 - created);
                    add(pending, start, created + dice.millisBetween(Math.min(Time.MINUTE, span), span), i, PULLED);
                }
            }
            long[] entries = pending[day] == null ? new long[0] : pending[day].sorted();
            pending[day] = null;
            Path file = dir.resolve(String.format("day-%02d.jsonl", day + 1));
            try (BufferedWriter out = PopulationStream.open(file)) {
                for (long entry : entries) write(out, dayStart + (entry >>> TIME_SHIFT), entry >>> 1 & TOKEN_MASK, (int) (entry & 1));
            }
            events += entries.length;
            written.add(new Day(day + 1, file, entries.length, createdBy));
        }
        return new Written(events, tokens, users, List.copyOf(written));
    }

    private static void add(DayEntries[] days, long start, long time, long token, int kind) {
        int day = (int) ((time - start) / Time.DAY);
        if (days[day] == null) days[day] = new DayEntries();
        days[day].add((time - start - day * Time.DAY) << TIME_SHIFT | token << 1 | kind);
    }

    private void write(BufferedWriter out, long time, long token, int kind) throws IOException {
        int user = (int) (token % users);
        // Users and tokens are drawn from dice of their own number, so their pulls days later see the same.
        Dice userDice = new Dice(mix(seed ^ mix(user)));
        Networks.Isp isp = userDice.pick(Networks.Isp.values());
        String address = userDice.pick(isp.blocks).address(userDice);
        String name = userDice.pick(Organization.FIRST).charAt(0) + userDice.pick(Organization.LAST) + user;
        String desktop = userDice.pick(Clients.DESKTOP);
        String browser = userDice.pick(Clients.BROWSERS);
        Dice tokenDice = new Dice(mix(~seed ^ mix(token)));
        Tok tok = new Tok("tok-" + name + "-" + token / users + tokenDice.hex(6), name, "personal",
                tokenDice.chance(0.65) ? Tok.READ_WRITE : Tok.READ);
        Act a = new Act(dice.uuid(), time, kind == CREATED ? "token.created" : "image.pull");
        a.user = name;
        a.token = tok;
        a.address = address;
        if (kind == CREATED) {
            a.agent = browser;
        } else {
            a.agent = desktop;
            a.repository = tokenDice.pick(Repos.NAMES);
            Repos.Image image = repos.forPull(a.repository);
            a.tag = image.tag();
            a.digest = image.digest();
        }
        PopulationStream.writeLine(out, mapper, encodings.nativeEvent(a));
    }

    /** Spreads consecutive numbers over all 64 bits (MurmurHash3's finalizer), so nearby seeds give unrelated dice. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** One day's entries, appended in any order. */
    private static final class DayEntries {
        private long[] entries = new long[1024];
        private int size;

        void add(long entry) {
            if (size == entries.length) entries = Arrays.copyOf(entries, size * 2);
            entries[size++] = entry;
        }

        long[] sorted() {
            long[] out = Arrays.copyOf(entries, size);
            Arrays.sort(out);
            return out;
        }
    }
}

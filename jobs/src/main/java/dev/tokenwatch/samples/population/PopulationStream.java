package dev.tokenwatch.samples.population;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.samples.Dice;
import dev.tokenwatch.samples.Time;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A labelled stream of a whole organization's registry activity: a realistic benign population and
 * planted attacks for every shipped rule, written in the native and the Distribution encodings.
 * The same settings always give the same bytes.
 */
public final class PopulationStream {
    public static final String NATIVE_FILE = "native.jsonl";
    public static final String DISTRIBUTION_FILE = "distribution.jsonl";
    public static final String LABELS_FILE = "labels.jsonl";

    /** What was written. */
    public record Written(long nativeEvents, long distributionRecords, int attacks) {}

    private PopulationStream() {
    }

    public static Written write(Path dir, int days, int people, long seed) throws IOException {
        if (days < 2) throw new IllegalArgumentException("--days: at least 2 (attacks need a day of history), got " + days);
        if (people < 20) throw new IllegalArgumentException("--people: at least 20, got " + people);
        Dice dice = new Dice(seed);
        long start = Time.BASE_TIME;
        long end = start + days * Time.DAY;
        Recorder rec = new Recorder(dice, new Repos(dice));
        Organization org = new Organization(dice, people, days);
        PlantedAttacks attacks = new PlantedAttacks(dice, rec, org, start);
        attacks.prepare();
        BenignPopulation benign = new BenignPopulation(dice, rec, org, start);
        benign.generate();
        attacks.plant(benign);

        ObjectMapper mapper = new ObjectMapper();
        Encodings encodings = new Encodings(mapper, seed);
        Files.createDirectories(dir);
        long nativeEvents = 0;
        long distributionRecords = 0;
        Set<String> written = new HashSet<>();
        try (BufferedWriter nat = open(dir.resolve(NATIVE_FILE)); BufferedWriter dist = open(dir.resolve(DISTRIBUTION_FILE))) {
            for (Act a : rec.inTimeOrder()) {
                if (a.time >= end) continue; // evenings of the last day in the Americas fall after the end
                writeLine(nat, mapper, encodings.nativeEvent(a));
                nativeEvents++;
                written.add(a.id);
                written.addAll(a.blobIds);
                ObjectNode d = encodings.distributionRecord(a);
                if (d != null) {
                    writeLine(dist, mapper, d);
                    distributionRecords++;
                }
            }
        }
        int labelled = 0;
        try (BufferedWriter out = open(dir.resolve(LABELS_FILE))) {
            for (Label l : attacks.labels) {
                // An attack planted too close to the end may lose its last events; one with none left is not planted.
                Label kept = l.keeping(written);
                if (kept.eventIds().isEmpty()) continue;
                writeLine(out, mapper, kept.toJson(mapper));
                labelled++;
            }
        }
        return new Written(nativeEvents, distributionRecords, labelled);
    }

    static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    static void writeLine(BufferedWriter w, ObjectMapper mapper, ObjectNode node) throws IOException {
        w.write(mapper.writeValueAsString(node));
        w.write('\n');
    }
}

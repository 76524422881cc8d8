package dev.tokenwatch.cli;

import dev.tokenwatch.samples.SampleGenerator;
import dev.tokenwatch.samples.population.PopulationStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samples generate [DIR]} and {@code samples mixed FILE}: the deterministic sample streams. */
@Command(name = "samples", description = "Generate sample event streams.", mixinStandardHelpOptions = true,
        subcommands = {SamplesCommand.Generate.class, SamplesCommand.Mixed.class, SamplesCommand.PopulationCommand.class})
final class SamplesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write the shipped samples (four formats, planted attacks) into DIR.")
    static final class Generate implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Output directory (default: the shipped samples/).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path out = dir == null ? Home.samples() : dir;
            SampleGenerator.writeSamples(out);
            System.out.println("samples written to " + out);
            return 0;
        }
    }

    @Command(name = "mixed", mixinStandardHelpOptions = true, description = "Write a large mixed-format stream for benchmarks.")
    static final class Mixed implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "Output file (.jsonl).")
        Path file;

        @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "Number of events (default: ${DEFAULT-VALUE}).")
        long events;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed: the same seed gives the same file (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            SampleGenerator.writeMixed(file, events, seed);
            System.out.println(events + " events written to " + file);
            return 0;
        }
    }

    @Command(name = "population", mixinStandardHelpOptions = true,
            description = {"Write a labelled stream of a whole organization into DIR: native.jsonl (every event in the native format),",
                    "distribution.jsonl (the same activity with registry operations as Distribution notifications, the rest native)",
                    "and labels.jsonl (one line per planted attack). Score a rule set on it with 'eval'."})
    static final class PopulationCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Output directory.")
        Path dir;

        @Option(names = "--days", paramLabel = "N", defaultValue = "14", description = "Days of activity from 2026-11-16 (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--people", paramLabel = "N", defaultValue = "200", description = "Head count (default: ${DEFAULT-VALUE}).")
        int people;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Random seed: the same seed gives the same files (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            PopulationStream.Written w;
            try {
                w = PopulationStream.write(dir, days, people, seed);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            System.out.printf(java.util.Locale.ROOT, "%,d native events, %,d Distribution-encoding records, %d planted attacks written to %s%n",
                    w.nativeEvents(), w.distributionRecords(), w.attacks(), dir);
            return 0;
        }
    }
}

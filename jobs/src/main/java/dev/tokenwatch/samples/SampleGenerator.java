package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Tokenwatch's shipped sample inputs ({@code samples/}) and a large mixed benchmark stream.
 *
 * <p>The events come from a small discrete-event simulation of one company, "acme", using four
 * registries: its main registry behind a token server (Tokenwatch native events), a CNCF Distribution
 * registry (notification webhooks), a Docker Hub organization (audit log) and a Harbor instance
 * (audit log). People pull and push from one or two home/office addresses, CI runners from a pool of
 * cloud addresses, tokens are created and rotated. From day 2 to day 4 the attacks listed in
 * {@code samples/README.md} are planted.
 *
 * <p>The benign traffic is shaped so that the shipped rules stay silent on it: every token,
 * repository and pusher shows all of its addresses, networks and pushers within a few hours of its
 * first event (the {@code new_value} rules learn for 24 hours), only write-scoped tokens push,
 * revoked tokens are never used again, no repository is made public, no account pushes or pulls
 * many repositories within minutes or fails to log in again and again, nobody leaves the
 * organization, no release tag is pushed twice and nobody creates more than one token.
 *
 * <p>Everything is drawn from one seeded {@link Dice} and the {@link Simulation} runs in event time
 * with deterministic tie-breaking, so the same seed always gives byte-identical files.
 *
 * <p>The parts: {@link Population} (people, their networks and the fixed hosts), one class per
 * registry for who uses it and how ({@link NativeRegistry}, {@link DistributionRegistry},
 * {@link HarborRegistry}, {@link DockerHubOrganization}), each with the writer of its format
 * ({@link NativeEvents}, {@link DistributionNotifications}, {@link HarborAudit},
 * {@link DockerHubAudit}), the patterns they share ({@link BenignTraffic}) and the {@link Attacks}.
 */
public final class SampleGenerator {

    static final long SAMPLE_SEED = 20261116L;
    static final long MIXED_DEFAULT_SEED = 42L;

    private SampleGenerator() {
    }

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

    /** Writes the four sample files (4 days, about 140 people) into {@code dir}. */
    public static void writeSamples(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Output out = Output.filePerFormat(dir)) {
                Simulation sim = new Simulation(new Dice(SAMPLE_SEED), BASE_TIME + Scale.SAMPLE_SPAN, out);
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
            try (Output out = Output.mixed(file, events)) {
                // No end time: the stream stops after exactly `events` lines (about 30 days).
                Simulation sim = new Simulation(new Dice(seed), Long.MAX_VALUE, out);
                simulate(sim, Scale.mixed(events));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds the company and starts its traffic. All of it draws from the one {@link Dice} and
     * schedules into the one agenda, so the order of these steps is part of the output: reordering
     * them changes every file.
     */
    private static void simulate(Simulation sim, Scale scale) {
        Population population = new Population(sim.dice, scale);
        BenignTraffic traffic = new BenignTraffic(sim);
        NativeRegistry nativeRegistry = new NativeRegistry(sim, population, traffic);
        DistributionRegistry distribution = new DistributionRegistry(sim, population, traffic);
        HarborRegistry harbor = new HarborRegistry(sim, population, traffic);
        DockerHubOrganization dockerHub = new DockerHubOrganization(sim, population, traffic);
        new Attacks(sim, scale, population, traffic, nativeRegistry, distribution, harbor, dockerHub).plant();
        nativeRegistry.start();
        distribution.start();
        harbor.start();
        dockerHub.start();
        sim.run();
    }
}

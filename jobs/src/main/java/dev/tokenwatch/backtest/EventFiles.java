package dev.tokenwatch.backtest;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.source.LineReader;
import dev.tokenwatch.source.RecordFileFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads event files and directories into memory with the job's own reader and parser, so a backtest
 * sees exactly the events (and dead letters) the job would. Directories are read the way the job's
 * file source reads them: event extensions only, hidden and {@code _} names skipped, in name order.
 */
public final class EventFiles {
    /** How many dead letters are kept to show as examples; the rest are only counted. */
    static final int DEAD_LETTER_EXAMPLES = 3;

    /** What the inputs held: every event, in file order, and how much could not be used. */
    public record Input(List<Path> files, List<Event> events, long records, long deadLetters, List<DeadLetter> deadLetterExamples) {}

    private EventFiles() {}

    /** Throws {@link IllegalArgumentException} naming an input that is missing or not an event file, before reading anything. */
    public static Input read(List<Path> inputs) throws IOException {
        return read(inputs, deadLetter -> {});
    }

    /** As {@link #read(List)}, handing every dead letter to {@code deadLetters} as it is found rather than holding them all. */
    public static Input read(List<Path> inputs, Consumer<DeadLetter> deadLetters) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) files.addAll(expand(input));
        List<Event> events = new ArrayList<>();
        List<DeadLetter> examples = new ArrayList<>();
        long records = 0;
        long deadLetterCount = 0;
        EventParser parser = new EventParser();
        for (Path file : files) {
            try (LineReader reader = new LineReader(file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                RawRecord record;
                while ((record = reader.next()) != null) {
                    records++;
                    ParseOutcome outcome = parser.parse(record);
                    events.addAll(outcome.events());
                    deadLetterCount += outcome.deadLetters().size();
                    for (DeadLetter d : outcome.deadLetters()) {
                        if (examples.size() < DEAD_LETTER_EXAMPLES) examples.add(d);
                        deadLetters.accept(d);
                    }
                }
            }
        }
        return new Input(files, events, records, deadLetterCount, examples);
    }

    private static List<Path> expand(Path input) throws IOException {
        if (!Files.exists(input)) throw new IllegalArgumentException("input not found: " + input);
        if (!Files.isDirectory(input)) {
            if (!isEventFileName(input.getFileName().toString(), true)) {
                throw new IllegalArgumentException("unsupported input " + input + ": name event files "
                        + String.join(", ", RecordFileFormat.EXTENSIONS)
                        + " (.json = one document per file, the others = one JSON value per line)");
            }
            return List.of(input);
        }
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(input, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // A hidden directory in the spool is as unfinished as a hidden file.
                return dir.equals(input) || !hidden(dir.getFileName().toString()) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isEventFileName(file.getFileName().toString(), false)) found.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** A file named on the command line is read even if hidden: the user asked for it. */
    private static boolean isEventFileName(String name, boolean named) {
        return (named || !hidden(name)) && RecordFileFormat.EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }
}

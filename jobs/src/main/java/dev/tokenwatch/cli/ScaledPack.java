package dev.tokenwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;

/**
 * A rule pack copied to N times as many rules, for measuring what more rules cost: copy k of a rule gets the id
 * {@code ID-xk} and its counts raised by k, so the copies are distinct rules with their own state, not one rule
 * evaluated N times.
 */
final class ScaledPack {
    private static final Pattern ID = Pattern.compile("(?m)^id: (\\S+)");
    private static final Pattern COUNT = Pattern.compile("(?m)^(\\s+count: )(\\d+)");

    private ScaledPack() {}

    /** Writes the pack with its copies into {@code target} (with the pack's lists) and returns it. */
    static Path write(Path rules, Path target, int times) throws IOException {
        FileUtils.copy(new org.apache.flink.core.fs.Path(rules.toUri()), new org.apache.flink.core.fs.Path(target.toUri()), false);
        try (Stream<Path> files = Files.list(rules)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("tw-.*\\.yaml")).toList()) {
                String yaml = Files.readString(file);
                Matcher id = ID.matcher(yaml);
                if (!id.find()) continue;
                for (int k = 2; k <= times; k++) {
                    String copyId = id.group(1) + "-x" + k;
                    int raise = k;
                    // The id everywhere, its tests' expectations included: the loader wants every rule tested. The tests
                    // are not run here, and the raised counts would fail some of them: a copy is measured, not tested.
                    String copy = COUNT.matcher(yaml.replace(id.group(1), copyId))
                            .replaceAll(m -> m.group(1) + (Integer.parseInt(m.group(2)) + raise));
                    Files.writeString(target.resolve(copyId + ".yaml"), copy);
                }
            }
        }
        return target;
    }
}

package dev.tokenwatch.cli;

import java.nio.file.Path;

/** Dead-letter files are named after the output they belong to, so two commands never write the same one. */
final class DeadLetterFiles {
    static final String SUFFIX = "dead-letters.jsonl";

    private DeadLetterFiles() {}

    /** {@code dir/x.jsonl} → {@code dir/x.dead-letters.jsonl}, {@code dir/report.html} → {@code dir/report.dead-letters.jsonl}. */
    static Path beside(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        return absolute.resolveSibling(stem(absolute.getFileName().toString()) + "." + SUFFIX);
    }

    /**
     * Where the Elasticsearch sink puts the documents Elasticsearch refuses, beside a dead-letters file:
     * {@code dead-letters.jsonl} → {@code es-dead-letters.jsonl}, {@code x.dead-letters.jsonl} → {@code x.es-dead-letters.jsonl}.
     */
    static Path forElasticsearch(Path deadLetters) {
        Path absolute = deadLetters.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        String prefix = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : stem(name) + ".";
        return absolute.resolveSibling(prefix + "es-" + SUFFIX);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

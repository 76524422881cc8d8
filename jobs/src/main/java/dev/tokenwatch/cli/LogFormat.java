package dev.tokenwatch.cli;

import java.util.Locale;

/**
 * {@code TOKENWATCH_LOG_FORMAT=json}, or {@code -Dtokenwatch.log.format=json} on {@code java -jar}: log4j2 writes JSON
 * lines (ECS, {@code log4j2-json.properties}) instead of text. Chosen before the first logger exists, since log4j2 reads
 * its configuration once; an explicit {@code -Dlog4j2.configurationFile} wins.
 */
final class LogFormat {
    static final String PROPERTY = "tokenwatch.log.format";
    static final String ENV = "TOKENWATCH_LOG_FORMAT";
    static final String JSON_CONFIG = "classpath:log4j2-json.properties";

    private LogFormat() {}

    static void select() {
        String format = System.getProperty(PROPERTY);
        if (format == null || format.isBlank()) format = System.getenv(ENV);
        if (format == null || format.isBlank()) return;
        switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> {
                if (System.getProperty("log4j2.configurationFile") == null) System.setProperty("log4j2.configurationFile", JSON_CONFIG);
            }
            case "text" -> { }
            default -> System.err.println("tokenwatch: log format '" + format + "' is not json or text; logging text");
        }
    }
}

package dev.tokenwatch.cli;

import dev.tokenwatch.rule.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets options take the same durations as rule files ({@code 10s}, {@code 5m}). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() ->
                new TypeConversionException("expected a duration like 500ms, 10s, 5m or 1h, got '" + value + "'"));
    }
}

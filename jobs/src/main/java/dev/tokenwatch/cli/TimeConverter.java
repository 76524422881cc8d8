package dev.tokenwatch.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time on the command line: RFC 3339 ({@code 2026-11-17T18:00:00Z}, any offset) or a UTC day ({@code 2026-11-17}). */
final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADay) {
                throw new TypeConversionException("expected a time like 2026-11-17T18:00:00Z or a UTC day like 2026-11-17, got '" + value + "'");
            }
        }
    }
}

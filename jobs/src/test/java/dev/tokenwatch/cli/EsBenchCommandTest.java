package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EsBenchCommandTest {
    @Test
    void percentilesAreNearestRank() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(EsBenchCommand.percentile(hundred, 50)).isEqualTo(50);
        assertThat(EsBenchCommand.percentile(hundred, 99)).isEqualTo(99);
        assertThat(EsBenchCommand.percentile(List.of(7L), 99)).isEqualTo(7);
        assertThat(EsBenchCommand.percentile(List.of(1L, 2L, 3L), 50)).isEqualTo(2);
    }

    @Test
    void syntheticEventsAreDeterministicAndComplete() {
        var e = EsBenchCommand.syntheticEvent("r", 10, 1_000);
        assertThat(e.id).isEqualTo("bench-r-10");
        assertThat(e.timestamp).isEqualTo(1_010);
        assertThat(e.action).isEqualTo("image.push");
        assertThat(e.latitude).isNotNull();
    }
}

package dev.tokenwatch.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFilesTest {
    private static final String PUSH = "{\"@timestamp\":\"2026-11-18T10:00:00Z\",\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"ci\"}}";

    @TempDir
    Path dir;

    @Test
    void readsEventFilesOfADirectoryInNameOrderAndCountsDeadLetters() throws Exception {
        Files.writeString(dir.resolve("b.jsonl"), PUSH + "\n\nnot json\n");
        Files.writeString(dir.resolve("a.json"), "[" + PUSH + "," + PUSH + "]");
        Files.writeString(dir.resolve(".half-written.jsonl"), PUSH);
        Files.writeString(dir.resolve("README.md"), "# not events");
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/c.ndjson"), PUSH + "\n");

        EventFiles.Input input = EventFiles.read(List.of(dir));

        assertThat(input.files()).extracting(p -> dir.relativize(p).toString()).containsExactly("a.json", "b.jsonl", "more/c.ndjson");
        assertThat(input.events()).hasSize(4);
        assertThat(input.records()).isEqualTo(5); // one document, three lines (one blank), one line
        assertThat(input.deadLetters()).isEqualTo(1);
        assertThat(input.deadLetterExamples()).singleElement()
                .satisfies(d -> assertThat(d.origin() + ":" + d.line() + " " + d.reason()).contains("b.jsonl:3 malformed JSON"));
    }

    @Test
    void aMissingOrUnsupportedInputIsRefusedBeforeAnythingIsRead() throws Exception {
        Path text = Files.writeString(dir.resolve("events.txt"), PUSH);

        assertThatThrownBy(() -> EventFiles.read(List.of(dir.resolve("nope.jsonl"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input not found").hasMessageContaining("nope.jsonl");
        assertThatThrownBy(() -> EventFiles.read(List.of(text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported input").hasMessageContaining(".jsonl");
    }
}

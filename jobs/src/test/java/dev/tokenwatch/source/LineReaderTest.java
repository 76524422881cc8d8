package dev.tokenwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<RawRecord> readAll(String origin, byte[] bytes) throws IOException {
        List<RawRecord> out = new ArrayList<>();
        try (LineReader reader = new LineReader(origin, new ByteArrayInputStream(bytes))) {
            RawRecord r;
            while ((r = reader.next()) != null) out.add(r);
        }
        return out;
    }

    private static List<RawRecord> readAll(String origin, String text) throws IOException {
        return readAll(origin, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneRecordPerLineWithOriginAndOneBasedLineNumbers() throws IOException {
        List<RawRecord> records = readAll("events.jsonl", "{\"a\":1}\n{\"b\":2}\n");
        assertThat(records).extracting(RawRecord::text).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(records).extracting(RawRecord::line).containsExactly(1L, 2L);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.origin()).isEqualTo("events.jsonl");
            assertThat(r.problem()).isNull();
        });
    }

    @Test
    void linesCrossingTheReadersChunksComeWholeAndInOrder() throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String line = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\"}";
            expected.add(line);
            text.append(line).append(i % 7 == 0 ? "\r\n" : "\n");
        }
        assertThat(readAll("big.jsonl", text.toString())).extracting(RawRecord::text).containsExactlyElementsOf(expected);
    }

    @Test
    void aRealReplacementCharacterIsValidUtf8() throws IOException {
        List<RawRecord> records = readAll("events.jsonl", "{\"name\":\"caf\uFFFD\"}\n");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.problem()).isNull();
            assertThat(r.text()).isEqualTo("{\"name\":\"caf\uFFFD\"}");
        });
    }

    /** Records that carry data: the reader may pass blank lines on (the parser ignores them) or drop them. */
    private static List<RawRecord> nonBlank(List<RawRecord> records) {
        return records.stream().filter(r -> r.problem() != null || !r.text().isBlank()).toList();
    }

    @Test
    void blankLinesAreSkippedButCountedInLineNumbers() throws IOException {
        List<RawRecord> records = nonBlank(readAll("events.jsonl", "\n{\"a\":1}\n\n   \n\t\r\n{\"b\":2}\n\n"));
        assertThat(records).extracting(RawRecord::text).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(records).extracting(RawRecord::line).containsExactly(2L, 6L);
    }

    @Test
    void blankLinesGiveNeitherEventsNorDeadLetters() throws IOException {
        String t = "\"@timestamp\":\"2026-11-20T09:12:34Z\"";
        String file = "\n{" + t + ",\"event.action\":\"image.push\"}\r\n\n   \n\t\r\n{" + t + ",\"event.action\":\"image.pull\"}\n\n";
        EventParser parser = new EventParser();
        List<ParseOutcome> outcomes = readAll("events.jsonl", file).stream().map(parser::parse).toList();
        assertThat(outcomes).flatExtracting(ParseOutcome::deadLetters).isEmpty();
        assertThat(outcomes).flatExtracting(ParseOutcome::events).extracting(e -> e.action)
                .containsExactly("image.push", "image.pull");
    }

    @Test
    void crlfLineEndingsAreStripped() throws IOException {
        List<RawRecord> records = readAll("events.jsonl", "{\"a\":1}\r\n{\"b\":2}\r\n");
        assertThat(records).extracting(RawRecord::text).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws IOException {
        assertThat(readAll("events.jsonl", "{\"a\":1}\n{\"b\":2}")).extracting(RawRecord::text)
                .containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void lineOverTheLimitIsOneRecordWithAProblemAndTheNextLineIsStillRead() throws IOException {
        int size = 2 * 1024 * 1024;
        String huge = "{\"x\":\"" + "a".repeat(size - 8) + "\"}";
        List<RawRecord> records = nonBlank(readAll("events.jsonl", huge + "\n{\"next\":true}\n"));
        assertThat(records).hasSize(2);

        RawRecord oversized = records.get(0);
        assertThat(oversized.line()).isEqualTo(1);
        assertThat(oversized.problem()).contains(String.valueOf(LineReader.MAX_LINE_BYTES)).contains(String.valueOf(size));
        assertThat(oversized.text()).startsWith("{\"x\":\"aaa").hasSizeLessThanOrEqualTo(2 * dev.tokenwatch.parse.DeadLetter.MAX_RAW_CHARS);

        RawRecord next = records.get(1);
        assertThat(next.line()).isEqualTo(2);
        assertThat(next.text()).isEqualTo("{\"next\":true}");
        assertThat(next.problem()).isNull();
    }

    @Test
    void lineExactlyAtTheLimitIsAccepted() throws IOException {
        String atLimit = "\"" + "a".repeat(LineReader.MAX_LINE_BYTES - 2) + "\"";
        List<RawRecord> records = readAll("events.jsonl", atLimit + "\n");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.problem()).isNull();
            assertThat(r.text()).hasSize(LineReader.MAX_LINE_BYTES);
        });
    }

    @Test
    void invalidUtf8IsARecordWithAProblemAndTheNextLineIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"user\":\"".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3); // a lone lead byte
        bytes.write(0x28);
        bytes.write(0xFF); // never valid in UTF-8
        bytes.writeBytes("\"}\n{\"ok\":\"ünïcödé\"}\n".getBytes(StandardCharsets.UTF_8));

        List<RawRecord> records = readAll("events.jsonl", bytes.toByteArray());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).problem()).isEqualTo("invalid UTF-8");
        assertThat(records.get(0).line()).isEqualTo(1);
        assertThat(records.get(0).text()).startsWith("{\"user\":\"");
        assertThat(records.get(1).problem()).isNull();
        assertThat(records.get(1).text()).isEqualTo("{\"ok\":\"ünïcödé\"}");
    }

    @Test
    void jsonOriginIsOneRecordForTheWholeDocument() throws IOException {
        String doc = "{\"logs\": [\n  {\"a\": 1},\n\n  {\"b\": 2}\n]}\n";
        List<RawRecord> records = readAll("/data/dockerhub-auditlogs.json", doc);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo(doc);
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.origin()).isEqualTo("/data/dockerhub-auditlogs.json");
            assertThat(r.problem()).isNull();
        });
    }

    @Test
    void jsonOriginWithInvalidUtf8IsOneRecordWithAProblem() throws IOException {
        byte[] doc = {'[', '"', (byte) 0xFF, '"', ']'};
        assertThat(readAll("audit.json", doc)).singleElement()
                .satisfies(r -> assertThat(r.problem()).isEqualTo("invalid UTF-8"));
    }

    @Test
    void byteOrderMarkAtTheStartOfAFileIsDropped() throws IOException {
        // what Windows tools (PowerShell 5 "Out-File -Encoding utf8", older Notepad) write; Jackson rejects U+FEFF in text
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        lines.writeBytes(bom);
        lines.writeBytes("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(readAll("events.jsonl", lines.toByteArray())).extracting(RawRecord::text)
                .containsExactly("{\"a\":1}", "{\"b\":2}");

        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        doc.writeBytes(bom);
        doc.writeBytes("{\"logs\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(readAll("audit.json", doc.toByteArray())).extracting(RawRecord::text).containsExactly("{\"logs\":[]}");
    }

    @Test
    void emptyStreamGivesNull() throws IOException {
        try (LineReader reader = new LineReader("events.jsonl", new ByteArrayInputStream(new byte[0]))) {
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void emptyJsonDocumentGivesNull() throws IOException {
        try (LineReader reader = new LineReader("audit.json", new ByteArrayInputStream(new byte[0]))) {
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void onlyBlankLinesGiveNoDataRecord() throws IOException {
        assertThat(nonBlank(readAll("events.jsonl", "\n\r\n  \n"))).isEmpty();
    }
}

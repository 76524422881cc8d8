package dev.tokenwatch.samples.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenChurnStreamTest {
    @TempDir
    Path dir;

    @Test
    void writesEachTokenCreatedOnceAndUsedInTimeOrder() throws Exception {
        Path file = dir.resolve("churn.jsonl");
        TokenChurnStream.Written written = TokenChurnStream.write(file, 3_000, 7);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize((int) written.events());
        EventParser parser = new EventParser();
        Set<String> created = new HashSet<>();
        Set<String> used = new HashSet<>();
        Set<String> users = new HashSet<>();
        Set<String> networks = new HashSet<>();
        long last = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            ParseOutcome outcome = parser.parse(RawRecord.of(file.toString(), i + 1, lines.get(i)));
            assertThat(outcome.clean()).as(lines.get(i)).isTrue();
            assertThat(outcome.events()).as(lines.get(i)).hasSize(1);
            Event e = outcome.events().get(0);
            assertThat(e.timestamp).as(lines.get(i)).isGreaterThanOrEqualTo(last);
            last = e.timestamp;
            if (e.action.equals("token.created")) {
                assertThat(created.add(e.tokenId)).as("created twice: " + e.tokenId).isTrue();
            } else {
                assertThat(e.action).isEqualTo("image.pull");
                assertThat(created).as("pulled before created: " + e.tokenId).contains(e.tokenId);
                used.add(e.tokenId);
            }
            users.add(e.userName);
            networks.add(e.sourceIp.substring(0, e.sourceIp.lastIndexOf('.')));
        }
        assertThat(created).hasSize(3_000);
        assertThat(used).isEqualTo(created);
        assertThat(written.tokens()).isEqualTo(3_000);
        assertThat(users).hasSize((int) written.users()).hasSize(1_000);
        assertThat(written.events() / 3_000.0).isBetween(2.4, 2.6);
        assertThat(networks.size()).as("home /24s").isGreaterThan(500);
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        TokenChurnStream.write(dir.resolve("a.jsonl"), 200, 3);
        TokenChurnStream.write(dir.resolve("b.jsonl"), 200, 3);
        assertThat(Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("b.jsonl"))).isEqualTo(-1);
    }
}

package dev.tokenwatch.samples.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.samples.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenChurnStreamTest {
    @TempDir
    Path dir;

    @Test
    void writesEachTokenCreatedOnceAndUsedInTimeOrderADayAFile() throws Exception {
        TokenChurnStream.Written written = TokenChurnStream.writeDays(dir, 3_000, 7, Time.BASE_TIME);

        assertThat(written.days()).hasSize(TokenChurnStream.DAYS);
        assertThat(written.days().get(0).file()).isEqualTo(dir.resolve("day-01.jsonl"));
        assertThat(written.days().get(27).file()).isEqualTo(dir.resolve("day-28.jsonl"));
        assertThat(written.days().get(27).tokensSoFar()).isEqualTo(3_000);
        List<String> lines = new ArrayList<>();
        for (TokenChurnStream.Day day : written.days()) {
            List<String> ofDay = Files.readAllLines(day.file());
            assertThat(ofDay).as("day " + day.day()).hasSize((int) day.events());
            lines.addAll(ofDay);
        }
        assertThat(lines).hasSize((int) written.events());
        EventParser parser = new EventParser();
        Set<String> created = new HashSet<>();
        Set<String> used = new HashSet<>();
        Set<String> users = new HashSet<>();
        Set<String> networks = new HashSet<>();
        long last = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            ParseOutcome outcome = parser.parse(RawRecord.of("churn", i + 1, lines.get(i)));
            assertThat(outcome.clean()).as(lines.get(i)).isTrue();
            assertThat(outcome.events()).as(lines.get(i)).hasSize(1);
            Event e = outcome.events().get(0);
            assertThat(e.timestamp).as(lines.get(i)).isGreaterThanOrEqualTo(last);
            assertThat(e.timestamp).as(lines.get(i)).isBetween(Time.BASE_TIME, Time.BASE_TIME + TokenChurnStream.DAYS * Time.DAY);
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
        TokenChurnStream.writeDays(dir.resolve("a"), 200, 3, Time.BASE_TIME);
        TokenChurnStream.writeDays(dir.resolve("b"), 200, 3, Time.BASE_TIME);
        for (int day = 1; day <= TokenChurnStream.DAYS; day++) {
            String name = String.format("day-%02d.jsonl", day);
            assertThat(Files.mismatch(dir.resolve("a").resolve(name), dir.resolve("b").resolve(name))).as(name).isEqualTo(-1);
        }
    }
}

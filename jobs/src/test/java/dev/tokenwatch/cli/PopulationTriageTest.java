package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.samples.population.PopulationStream;
import dev.tokenwatch.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breach triage on a labelled population stream it was not written for (14 days, 60 people, seed 11), as an
 * investigator would run it: {@code --since} the hour the first planted attack began. Every token a planted
 * attack used must be among the tokens to look at; how many benign tokens come with them is pinned, so a change
 * that buries the compromised tokens in noise fails here (update the figure on purpose, saying why).
 */
class PopulationTriageTest {
    private static final int PLANTED_TOKENS = 52;
    private static final int BENIGN_LISTED = 10;

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws Exception {
        PopulationStream.write(dir, 14, 60, 11);
    }

    @Test
    void listsEveryPlantedTokenAndFewOthers() throws Exception {
        Map<String, JsonNode> events = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve(PopulationStream.NATIVE_FILE))) {
            JsonNode event = Json.MAPPER.readTree(line);
            events.put(event.at("/event/id").asText(), event);
        }
        Set<String> planted = new TreeSet<>();
        Instant firstAttack = Instant.MAX;
        for (String line : Files.readAllLines(dir.resolve(PopulationStream.LABELS_FILE))) {
            for (JsonNode id : Json.MAPPER.readTree(line).get("event_ids")) {
                JsonNode event = events.get(id.asText());
                if (event == null) continue;
                Instant at = Instant.parse(event.get("@timestamp").asText());
                if (at.isBefore(firstAttack)) firstAttack = at;
                if (event.hasNonNull("token")) planted.add(event.at("/token/id").asText());
            }
        }

        Cli.Run run = Cli.run("triage", "--since", firstAttack.truncatedTo(ChronoUnit.HOURS).toString(), "--format", "json",
                dir.resolve(PopulationStream.NATIVE_FILE).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        Set<String> suspects = suspects(run.out());
        assertThat(suspects).as("every token of a planted attack is listed").containsAll(planted);
        Set<String> others = new TreeSet<>(suspects);
        others.removeAll(planted);
        assertThat(planted).hasSize(PLANTED_TOKENS);
        assertThat(others).as("benign tokens listed among the %d planted ones", planted.size()).hasSize(BENIGN_LISTED);
    }

    private static Set<String> suspects(String json) throws IOException {
        Set<String> ids = new TreeSet<>();
        Json.MAPPER.readTree(json).get("suspects").forEach(id -> ids.add(id.asText()));
        return ids;
    }
}

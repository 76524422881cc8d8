package dev.tokenwatch.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.RuleFile;
import dev.tokenwatch.rule.RuleTestCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the tests inside rule files: each case's events go through the real parser, enrichment and
 * detection stages; the alerts that remain (latest version per id) must match the expected ones, in order.
 */
public final class RuleTestRunner {
    private final Consumer<Event> enrich;
    private final EventParser parser = new EventParser();

    public record Result(String file, String ruleId, String testName, int line, boolean passed, String message) {
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + file + ":" + line + ": rule " + ruleId + ": test '" + testName + "'"
                    + (passed ? "" : ": " + message);
        }
    }

    public RuleTestRunner(Consumer<Event> enrich) {
        this.enrich = enrich;
    }

    public List<Result> run(List<RuleFile> rules) {
        List<Result> results = new ArrayList<>();
        for (RuleFile rf : rules) {
            for (RuleTestCase test : rf.tests()) results.add(run(rf, test));
        }
        return results;
    }

    private Result run(RuleFile rf, RuleTestCase test) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < test.events().size(); i++) {
            JsonNode input = test.events().get(i);
            ParseOutcome outcome = parser.parse(RawRecord.of(rf.rule().file() + "#" + test.name(), i + 1, input.toString()));
            if (!outcome.clean()) {
                return fail(rf, test, "events[" + i + "] does not parse: " + outcome.deadLetters().get(0).reason());
            }
            events.addAll(outcome.events());
        }
        List<Alert> alerts = InProcessPipeline.latestVersions(new InProcessPipeline(List.of(rf.rule()), enrich).run(events));
        if (alerts.size() != test.expect().size()) {
            return fail(rf, test, "expected " + test.expect().size() + " alert(s), got " + alerts.size() + describe(alerts));
        }
        for (int i = 0; i < alerts.size(); i++) {
            Map<String, JsonNode> actual = EventJson.flatten(AlertJson.toNode(alerts.get(i)));
            for (Map.Entry<String, String> want : test.expect().get(i).entrySet()) {
                String path = want.getKey().equals("count") ? "alert.count" : want.getKey();
                JsonNode got = actual.get(path);
                String gotText = got == null ? null : got.isArray() ? joined(got) : got.asText();
                if (!want.getValue().equals(gotText)) {
                    return fail(rf, test, "alert " + (i + 1) + ": expected " + path + " = '" + want.getValue() + "', got "
                            + (gotText == null ? "nothing" : "'" + gotText + "'"));
                }
            }
        }
        return new Result(rf.rule().file(), rf.rule().id(), test.name(), test.line(), true, "");
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(",", parts);
    }

    private static String describe(List<Alert> alerts) {
        if (alerts.isEmpty()) return "";
        StringBuilder s = new StringBuilder(":");
        for (Alert a : alerts) s.append("\n      - ").append(a.reason).append(" (count ").append(a.count).append(')');
        return s.toString();
    }

    private static Result fail(RuleFile rf, RuleTestCase test, String message) {
        return new Result(rf.rule().file(), rf.rule().id(), test.name(), test.line(), false, message);
    }
}

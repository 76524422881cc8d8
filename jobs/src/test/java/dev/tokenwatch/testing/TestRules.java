package dev.tokenwatch.testing;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.rule.RuleProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rules for tests, written as YAML the way authors write them and loaded by the real loader. */
public final class TestRules {
    private TestRules() {}

    /**
     * A copy of the shipped rules with the probe rule of docs/probe added, as a user checks a set-up end to end.
     *
     * @return the copy's directory
     */
    public static Path shippedWithProbe(Path dir) throws IOException {
        Path rules = dir.resolve("rules");
        org.apache.flink.util.FileUtils.copy(new org.apache.flink.core.fs.Path(repoRoot().resolve("rules").toUri()),
                new org.apache.flink.core.fs.Path(rules.toUri()), false);
        Files.copy(repoRoot().resolve("docs/probe/tw-probe-push.yaml"), rules.resolve("tw-probe-push.yaml"));
        return rules;
    }

    public static final String NEW_SOURCE = """
            id: test-new-source
            name: Token from a new IP
            description: test
            severity: medium
            risk_score: 40
            threat: {tactic: {id: TA0001, name: Initial Access}, technique: {id: T1078, name: Valid Accounts}}
            type: new_value
            condition: "token.id is not null and source.ip is not null"
            group_by: [token.id]
            new_value: {fields: [source.ip], learning_period: 1h, history_window: 2d}
            suppression: {for: 1h, by: [token.id]}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String REVOKED = """
            id: test-revoked
            name: Revoked token used
            description: test
            severity: critical
            risk_score: 80
            threat: {tactic: {id: TA0006, name: Credential Access}, technique: {id: T1528, name: Steal Application Access Token}}
            type: indicator
            condition: "token.id is not null and event.action not in ('token.revoked', 'token.deleted')"
            indicator:
              field: token.id
              learn: {condition: "event.action in ('token.revoked', 'token.deleted')"}
              ttl: 10d
            suppression: {for: 1h}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String PUSH = """
            id: test-push
            name: Any push
            description: test
            severity: low
            risk_score: 10
            threat: {tactic: {id: TA0003, name: Persistence}, technique: {id: T1525, name: Implant Internal Image}}
            type: match
            condition: "event.action = 'image.push'"
            group_by: [user.name]
            suppression: {for: 1h}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String MANY_REPOS = """
            id: test-many-repos
            name: Pushes to many repositories
            description: test
            severity: high
            risk_score: 60
            threat: {tactic: {id: TA0003, name: Persistence}, technique: {id: T1525, name: Implant Internal Image}}
            type: threshold
            condition: "event.action = 'image.push'"
            group_by: [user.name]
            threshold: {window: 10m, count: 3, distinct: repository.name}
            suppression: {for: 10m}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String BURST_THEN_SUCCESS = """
            id: test-burst-then-success
            name: Login failures then success
            description: test
            severity: high
            risk_score: 60
            threat: {tactic: {id: TA0006, name: Credential Access}, technique: {id: T1110, name: Brute Force}}
            type: sequence
            group_by: [source.ip]
            sequence:
              within: 10m
              steps:
                - {name: failures, condition: "event.action = 'login.failure'", count: 3}
                - {name: success, condition: "event.action = 'login.success'"}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String CREATED_NOT_USED = """
            id: test-created-not-used
            name: Token created and never used
            description: test
            severity: low
            risk_score: 10
            threat: {tactic: {id: TA0003, name: Persistence}, technique: {id: T1098, name: Account Manipulation}}
            type: sequence
            group_by: [token.id]
            sequence:
              within: 1h
              steps:
                - {name: created, condition: "event.action = 'token.created'"}
                - {name: used, condition: "event.action = 'token.used'", absent: true}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String TRAVEL = """
            id: test-travel
            name: Impossible travel
            description: test
            severity: high
            risk_score: 60
            threat: {tactic: {id: TA0001, name: Initial Access}, technique: {id: T1078, name: Valid Accounts}}
            type: geo_velocity
            group_by: [token.id]
            geo_velocity: {max_speed_kmh: 900, min_distance_km: 500, ttl: 1d}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String CREATED_THEN_ABROAD = """
            id: test-created-then-abroad
            name: Token created then used abroad
            description: test
            severity: high
            risk_score: 60
            threat: {tactic: {id: TA0006, name: Credential Access}, technique: {id: T1528, name: Steal Application Access Token}}
            type: epl
            condition: "token.id is not null"
            group_by: [token.id]
            epl:
              statement: >
                select * from pattern [every c=TwEvent(event.action = 'token.created')
                  -> u=TwEvent(event.action = 'token.used' and source.geo.country_iso_code != c.source.geo.country_iso_code)
                  where timer:within(1 hour)]
              window: 1h
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    public static final String DORMANT = """
            id: test-dormant
            name: Dormant token used
            description: test
            severity: medium
            risk_score: 40
            threat: {tactic: {id: TA0001, name: Initial Access}, technique: {id: T1078, name: Valid Accounts}}
            type: dormant
            condition: "token.id like 'tok-old%'"
            group_by: [token.id]
            dormant: {gap: 30d, ttl: 60d}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """;

    /** Loads rule YAML texts; fails the test with every problem if any rule is invalid. */
    public static List<Rule> load(String... yamls) {
        try {
            Path dir = Files.createTempDirectory("rules");
            for (String yaml : yamls) {
                String id = yaml.lines().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).strip();
                Files.writeString(dir.resolve(id + ".yaml"), yaml);
            }
            RuleLoader.Result result = new RuleLoader().loadDirectory(dir);
            if (!result.problems().isEmpty()) throw new AssertionError("test rules invalid: " + result.problems());
            return new ArrayList<>(result.enabledRules());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("tokenwatch.repo.root", "..")).toAbsolutePath().normalize();
    }
}

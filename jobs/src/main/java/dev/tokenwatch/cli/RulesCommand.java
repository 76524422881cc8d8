package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.ruletest.RuleTestRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rules validate [DIR]} and {@code rules test [DIR]}. */
@Command(name = "rules", description = "Validate and test rule files.", mixinStandardHelpOptions = true,
        subcommands = {RulesCommand.Validate.class, RulesCommand.Test.class})
final class RulesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check every rule file: schema, fields, EPL conditions, list files. Exit 1 on any problem.")
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rules directory (default: the shipped rules/).")
        Path dir;

        @Override
        public Integer call() {
            Path rules = dir == null ? Home.rules() : dir;
            RuleLoader.Result result = RuleSetLoader.loadOrExplain(rules, System.err);
            if (!result.problems().isEmpty()) {
                System.err.println(result.problems().size() + " problem(s) in " + rules);
                return 1;
            }
            System.out.println(result.rules().size() + " rules valid in " + rules);
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Run the tests inside every rule file through the real parse, enrich and detect stages. Exit 1 on any failure.")
    static final class Test implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rules directory (default: the shipped rules/).")
        Path dir;

        @Mixin
        GeoOptions geo;

        @Override
        public Integer call() throws Exception {
            Path rules = dir == null ? Home.rules() : dir;
            RuleLoader.Result result = RuleSetLoader.loadOrExplain(rules, System.err);
            GeoSettings settings = geo.settings();
            try (GeoEnricher enricher = settings == null ? null : new GeoEnricher(settings)) {
                Consumer<Event> enrich = EventEnricher.orNone(enricher);
                List<RuleTestRunner.Result> results = new RuleTestRunner(enrich).run(result.rules());
                results.forEach(r -> (r.passed() ? System.out : System.err).println(r));
                long passed = results.stream().filter(RuleTestRunner.Result::passed).count();
                // A rule file that does not load is a failure too: its tests could not run.
                long failed = results.size() - passed + result.problems().size();
                System.out.println(passed + " passed, " + failed + " failed");
                return failed == 0 ? 0 : 1;
            }
        }
    }
}

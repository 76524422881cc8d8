package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.RuleFiles;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.ruletest.RuleTestRunner;
import dev.tokenwatch.sink.chat.RoutesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rules validate [DIR]} and {@code rules test [DIR]}. */
@Command(name = "rules", description = "Validate and test rule files.", mixinStandardHelpOptions = true,
        subcommands = {RulesCommand.Validate.class, RulesCommand.Test.class})
final class RulesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = {
            "Check every rule file: schema, fields, EPL conditions, list files. Exit 1 on any problem.",
            "Checks DIR/routes.yaml too when present: variables and files it names that are not there are warnings."})
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rules directory (default: the shipped rules/).")
        Path dir;

        @Option(names = "--routes", paramLabel = "FILE", description = "Routes file to check instead of DIR/routes.yaml.")
        Path routes;

        @Override
        public Integer call() {
            Path rules = dir == null ? Home.rules() : dir;
            RuleLoader.Result result = RuleSetLoader.loadOrExplain(rules, System.err);
            boolean valid = result.problems().isEmpty();
            if (valid) System.out.println(result.rules().size() + " rules valid in " + rules);
            else System.err.println(result.problems().size() + " problem(s) in " + rules);
            Path routesFile = routes == null ? rules.resolve(RuleFiles.ROUTES) : routes;
            if (routes != null || Files.exists(routesFile)) valid &= routesValid(routesFile, result);
            return valid ? 0 : 1;
        }

        /**
         * The routes file against the rule set. What the environment lacks is only a warning: the machine that checks
         * the files (CI) has none of the variables and secret files of the one that runs the job.
         */
        private static boolean routesValid(Path file, RuleLoader.Result rules) {
            // A rule file that did not load would make its id look unknown.
            Set<String> ruleIds = rules.problems().isEmpty()
                    ? rules.rules().stream().map(r -> r.rule().id()).collect(Collectors.toSet()) : null;
            RoutesFile.Result result = RoutesFile.load(file, System::getenv, ruleIds);
            result.problems().forEach(p -> System.err.println("routes error: " + p));
            result.unresolved().forEach(p -> System.err.println("routes warning: " + p));
            if (!result.problems().isEmpty()) {
                System.err.println(result.problems().size() + " problem(s) in " + file);
                return false;
            }
            System.out.println(result.routes().destinations().size() + " destinations valid in " + file
                    + (result.unresolved().isEmpty() ? "" : ", " + result.unresolved().size() + " warning(s)"));
            return true;
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

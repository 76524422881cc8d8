package dev.tokenwatch.cli;

import dev.tokenwatch.rule.RuleProblem;
import dev.tokenwatch.sink.chat.Routes;
import dev.tokenwatch.sink.chat.RoutesFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * Loads a routes file for a command that sends to chat: every problem is printed, and unlike {@code rules validate}
 * an unset variable or a missing secret file stops the command, since nothing could be delivered.
 */
final class RoutesLoader {
    private RoutesLoader() {}

    /** @param ruleIds the rules the job runs, so a route naming another rule is caught; null to skip that check */
    static Routes loadOrFail(Path file, Set<String> ruleIds, PrintStream err) {
        RoutesFile.Result result = RoutesFile.load(file, System::getenv, ruleIds);
        for (RuleProblem p : result.problems()) err.println("routes error: " + p);
        for (RuleProblem p : result.unresolved()) err.println("routes error: " + p);
        int problems = result.problems().size() + result.unresolved().size();
        if (problems > 0) throw new UsageException(problems + " problem(s) in routes file " + file);
        return result.routes();
    }
}

package dev.tokenwatch.cli;

import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.rule.RuleProblem;
import java.io.PrintStream;
import java.nio.file.Path;

/** Loads a rules directory for a command, printing every problem; a bad rule set stops the command before the job starts. */
final class RuleSetLoader {
    private RuleSetLoader() {}

    static RuleLoader.Result loadOrExplain(Path dir, PrintStream err) {
        RuleLoader.Result result = new RuleLoader().loadDirectory(dir);
        for (RuleProblem p : result.problems()) err.println("rule error: " + p);
        return result;
    }

    /** The rules of a directory ({@code null}: the shipped ones) for a command that runs them; every problem is printed first. */
    static RuleLoader.Result loadOrFail(Path dir, PrintStream err) {
        Path rules = dir == null ? Home.rules() : dir;
        RuleLoader.Result result = loadOrExplain(rules, err);
        if (!result.problems().isEmpty()) throw new UsageException(result.problems().size() + " rule problem(s) in " + rules);
        return result;
    }
}

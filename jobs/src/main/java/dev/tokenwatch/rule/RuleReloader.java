package dev.tokenwatch.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a running job takes from an edited rules directory: every valid rule file as it is
 * now, and for a file whose new version is invalid, the last version that was valid (its
 * problems are reported, the rule keeps running). A deleted file removes its rule.
 */
public final class RuleReloader {
    private final RuleLoader loader = new RuleLoader();
    private final Map<String, String> lastGood = new HashMap<>();
    private String lastSeenDigest;

    /**
     * @param accepted the snapshot the job should run: valid files as they are, rejected ones as they were
     * @param rejected the problems of edits that were not taken
     */
    public record Reload(RuleFiles accepted, List<RuleProblem> rejected, List<Rule> rules) {}

    /** The reload to apply, or empty when the directory has not changed since the last call. */
    public Optional<Reload> offer(RuleFiles current) {
        String digest = current.digest();
        if (digest.equals(lastSeenDigest)) return Optional.empty();
        lastSeenDigest = digest;

        RuleFiles accepted = current;
        List<RuleProblem> rejected = new ArrayList<>();
        for (String name : current.files().keySet().stream().filter(RuleFiles::isRule).toList()) {
            List<RuleProblem> problems = new ArrayList<>();
            if (loader.loadFile(current, name, problems) != null) {
                lastGood.put(name, current.files().get(name));
            } else {
                rejected.addAll(problems);
                accepted = accepted.with(name, lastGood.get(name));
            }
        }
        lastGood.keySet().retainAll(current.files().keySet());
        RuleLoader.Result result = loader.load(accepted);
        // What still fails together (e.g. two files with one id) is reported, and those rules do not run.
        rejected.addAll(result.problems().stream().filter(p -> !rejected.contains(p)).toList());
        return Optional.of(new Reload(accepted, rejected, result.enabledRules()));
    }
}

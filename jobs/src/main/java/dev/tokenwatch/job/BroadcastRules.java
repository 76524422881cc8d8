package dev.tokenwatch.job;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleFiles;
import dev.tokenwatch.rule.RuleLoader;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The rule set an operator runs, kept in Flink broadcast state so every parallel instance sees the
 * same accepted snapshot and a restore brings back the rules that were running. Until the first
 * snapshot arrives, the rules the job was started with apply.
 */
final class BroadcastRules {
    static final MapStateDescriptor<String, String> DESCRIPTOR =
            new MapStateDescriptor<>("rule-files", Types.STRING, Types.STRING);
    private static final String FILES = "files";
    private static final String DIGEST = "digest";

    private final List<Rule> initial;
    private String appliedDigest;
    private List<Rule> applied;

    BroadcastRules(List<Rule> initial) {
        this.initial = List.copyOf(initial);
        this.applied = this.initial;
    }

    /** Stores a snapshot (JSON of {@link RuleFiles}); false when it is the one already stored. */
    static boolean store(BroadcastState<String, String> state, String snapshotJson) throws Exception {
        if (snapshotJson.isBlank()) return false;
        String digest = RuleFiles.fromJson(snapshotJson).digest();
        if (digest.equals(state.get(DIGEST))) return false;
        state.put(FILES, snapshotJson);
        state.put(DIGEST, digest);
        return true;
    }

    /** The rules to run; reloads them when the stored snapshot changed since the last call. */
    List<Rule> current(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String digest = state.get(DIGEST);
        if (digest == null || digest.equals(appliedDigest)) return applied;
        applied = RuleLoader.forValidatedSnapshots().load(RuleFiles.fromJson(state.get(FILES))).enabledRules();
        appliedDigest = digest;
        return applied;
    }

    /** Whether {@link #current} would return a different set than last time. */
    boolean changed(ReadOnlyBroadcastState<String, String> state) throws Exception {
        String digest = state.get(DIGEST);
        return digest != null && !digest.equals(appliedDigest);
    }
}

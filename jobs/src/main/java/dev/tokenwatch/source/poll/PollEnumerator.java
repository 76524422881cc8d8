package dev.tokenwatch.source.poll;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands each poller's split to a reader. A poller added to the command line since the checkpoint gets a fresh split;
 * one that was there keeps its cursor, wherever it is (in this state or in a reader's).
 */
final class PollEnumerator implements SplitEnumerator<PollSplit, PollSplitSerializer.EnumeratorState> {
    private final SplitEnumeratorContext<PollSplit> context;
    private final Set<String> created;
    private final List<PollSplit> unassigned;

    PollEnumerator(SplitEnumeratorContext<PollSplit> context, PollSplitSerializer.EnumeratorState state, List<PollSplit> fresh) {
        this.context = context;
        this.created = new LinkedHashSet<>(state.created());
        this.unassigned = new ArrayList<>(state.unassigned());
        for (PollSplit split : fresh) {
            if (created.add(split.poller())) unassigned.add(split);
        }
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<PollSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        assign();
    }

    @Override
    public void addReader(int subtaskId) {
        assign();
    }

    /** Round-robin over the registered readers; the CLI runs one, so each poller polls from one place. */
    private void assign() {
        List<Integer> readers = new ArrayList<>(context.registeredReaders().keySet());
        if (readers.isEmpty()) return;
        readers.sort(null);
        for (int i = 0; i < unassigned.size(); i++) {
            context.assignSplit(unassigned.get(i), readers.get(i % readers.size()));
        }
        unassigned.clear();
    }

    @Override
    public PollSplitSerializer.EnumeratorState snapshotState(long checkpointId) {
        return new PollSplitSerializer.EnumeratorState(List.copyOf(created), List.copyOf(unassigned));
    }

    @Override
    public void close() {}
}

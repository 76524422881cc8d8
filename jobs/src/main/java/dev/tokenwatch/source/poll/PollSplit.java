package dev.tokenwatch.source.poll;

import org.apache.flink.api.connector.source.SourceSplit;

/** One poller's place in the job: its name and its cursor (JSON), as the checkpoint keeps it. */
public record PollSplit(String poller, String cursor) implements SourceSplit {
    @Override
    public String splitId() {
        return poller;
    }
}

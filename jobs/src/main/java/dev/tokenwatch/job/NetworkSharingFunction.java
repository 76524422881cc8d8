package dev.tokenwatch.job;

import static dev.tokenwatch.job.StateAccess.unchecked;

import dev.tokenwatch.detect.Detector;
import dev.tokenwatch.enrich.NetworkSharing;
import dev.tokenwatch.event.Event;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link NetworkSharing} per network, keyed by {@link #key}. It reads straight from the order stage
 * (one upstream subtask), so each network's events arrive in event-time order without a hold of its own.
 */
public class NetworkSharingFunction extends KeyedProcessFunction<String, Event, Event> {
    /** Events without a network share one key and no state. */
    static final String NO_NETWORK = "-";

    private transient NetworkSharing.Uses uses;

    public static String key(Event event) {
        String network = NetworkSharing.networkOf(event);
        return network == null ? NO_NETWORK : network;
    }

    @Override
    public void open(OpenContext openContext) {
        MapState<String, long[]> state = getRuntimeContext().getMapState(StateDescriptors.NETWORK_USES);
        uses = new NetworkSharing.Uses() {
            @Override
            public long[] get(String entity) {
                return unchecked(() -> state.get(entity));
            }

            @Override
            public void put(String entity, long[] firstAndLast) {
                unchecked(() -> {
                    state.put(entity, firstAndLast);
                    return null;
                });
            }

            @Override
            public void remove(String entity) {
                unchecked(() -> {
                    state.remove(entity);
                    return null;
                });
            }

            @Override
            public Iterable<Map.Entry<String, long[]>> entries() {
                return unchecked(state::entries);
            }
        };
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) {
        NetworkSharing.observe(event, uses);
        if (event.networkSharedBy != null) {
            // Rounded up to the hour, one timer per network and hour, not one per event: expiry only bounds the
            // state, since a use older than the window no longer counts whether or not it is forgotten yet.
            ctx.timerService().registerEventTimeTimer(Detector.cleanupTime(event.timestamp + NetworkSharing.WINDOW_MILLIS));
        }
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) {
        NetworkSharing.expire(uses, timestamp);
    }
}

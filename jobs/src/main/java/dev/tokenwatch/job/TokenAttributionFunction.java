package dev.tokenwatch.job;

import dev.tokenwatch.enrich.TokenAttribution;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link TokenAttribution} keyed by user and client address ({@link #key}). It reads from the network-sharing stage,
 * where one address's events come in event-time order, so a grant is seen before the uses it covers.
 */
public class TokenAttributionFunction extends KeyedProcessFunction<String, Event, Event> {
    private transient ValueState<String> grants;

    /** Events that take no part are spread by their id: they carry no state and must not crowd one key. */
    public static String key(Event event) {
        String key = TokenAttribution.keyOf(event);
        return key != null ? key : "event\u0000" + event.id;
    }

    @Override
    public void open(OpenContext openContext) {
        grants = getRuntimeContext().getState(StateDescriptors.TOKEN_GRANTS);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) throws Exception {
        if (TokenAttribution.keyOf(event) == null) {
            TokenAttribution.unattributable(event);
        } else {
            TokenAttribution.apply(event, new TokenAttribution.Grants() {
                @Override
                public List<TokenAttribution.Grant> get() {
                    String json = StateAccess.unchecked(grants::value);
                    return json == null ? List.of()
                            : Arrays.asList(StateAccess.unchecked(() -> Json.MAPPER.readValue(json, TokenAttribution.Grant[].class)));
                }

                @Override
                public void set(List<TokenAttribution.Grant> kept) {
                    StateAccess.unchecked(() -> {
                        grants.update(Json.MAPPER.writeValueAsString(kept));
                        return null;
                    });
                }
            });
        }
        out.collect(event);
    }
}

package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.inventory.TokenRecord;
import dev.tokenwatch.inventory.TokenUses;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The live token inventory: one {@link TokenRecord} per token, keyed by {@code token.id}, from the token's events
 * (applied in event-time order, {@link EventTimeOrder}, as the files-based inventory folds them) and the alerts raised
 * on them. A changed record is emitted (its state JSON, {@link TokenRecord#toState}) at most once per
 * {@link #FLUSH_MILLIS} of event time, for the entity index.
 * <p>
 * An owner's removal from the organization concerns every token of theirs, whatever its key, including tokens first
 * seen after it: removals are broadcast and remembered. A removal reaches this operator before the watermark passes
 * it, so every use after it is applied knowing of it; uses before it that are applied later are not counted as after.
 */
public final class TokenInventoryFunction extends KeyedBroadcastProcessFunction<String, Either<Event, Alert>, Event, String> {
    /** Event time between two documents of one token: the index stays current without a write per use. */
    static final long FLUSH_MILLIS = 5_000;
    /** Removed member -> when; the first removal counts. */
    static final MapStateDescriptor<String, Long> REMOVED_OWNERS =
            new MapStateDescriptor<>("token-owners-removed", Types.STRING, Types.LONG);

    private transient ValueState<String> record;
    private transient ValueState<Long> flushAt;
    private transient EventTimeOrder<Event> order;

    public static boolean namesToken(Event e) {
        return e.tokenId != null;
    }

    /** Whether the alert was raised on an event of a token. */
    public static boolean namesToken(Alert a) {
        return a.event != null && a.event.tokenId != null;
    }

    public static String key(Either<Event, Alert> in) {
        return in.isLeft() ? in.left().tokenId : in.right().event.tokenId;
    }

    @Override
    public void open(OpenContext context) {
        record = getRuntimeContext().getState(StateDescriptors.TOKEN_RECORD);
        flushAt = getRuntimeContext().getState(StateDescriptors.TOKEN_FLUSH_AT);
        order = new EventTimeOrder<>(getRuntimeContext().getMapState(StateDescriptors.TOKEN_EVENTS_HELD), Event.IN_TIME_ORDER);
    }

    @Override
    public void processElement(Either<Event, Alert> in, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        if (in.isRight()) {
            TokenRecord r = current(ctx.getCurrentKey());
            r.alertRaised(in.right().id);
            store(r, in.right().timestamp, ctx.timerService());
            return;
        }
        Event e = in.left();
        if (order.hold(e, e.timestamp, ctx.timerService())) return;
        apply(e, ctx.getBroadcastState(REMOVED_OWNERS), ctx.timerService());
    }

    @Override
    public void processBroadcastElement(Event removal, Context ctx, Collector<String> out) throws Exception {
        BroadcastState<String, Long> removed = ctx.getBroadcastState(REMOVED_OWNERS);
        if (!TokenUses.isOrganizationRemoval(removal) || removed.contains(removal.targetUserName)) return;
        removed.put(removal.targetUserName, removal.timestamp);
        // Records this subtask already holds; later ones learn of it as their events are applied.
        ctx.applyToKeyedState(StateDescriptors.TOKEN_RECORD, (token, state) -> {
            TokenRecord r = TokenRecord.fromState(state.value());
            if (!removal.targetUserName.equals(r.owner())) return;
            r.ownerRemoved(removal.timestamp);
            String updated = r.toState();
            state.update(updated);
            out.collect(updated);
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        for (Event e : order.due(timestamp)) apply(e, ctx.getBroadcastState(REMOVED_OWNERS), ctx.timerService());
        Long due = flushAt.value();
        if (due == null || due > timestamp) return;
        out.collect(record.value());
        flushAt.clear();
    }

    private void apply(Event e, ReadOnlyBroadcastState<String, Long> removed, TimerService timers) throws Exception {
        TokenRecord r = current(e.tokenId);
        String owner = r.owner() != null ? r.owner() : e.userName;
        r.apply(e, owner == null ? null : removed.get(owner));
        store(r, e.timestamp, timers);
    }

    private TokenRecord current(String token) throws Exception {
        String state = record.value();
        return state != null ? TokenRecord.fromState(state) : TokenRecord.named(token);
    }

    private void store(TokenRecord r, long time, TimerService timers) throws Exception {
        record.update(r.toState());
        if (flushAt.value() != null) return;
        // The boundary after the change, whatever the watermark: a jump of the watermark fires it in the same advance.
        long at = time / FLUSH_MILLIS * FLUSH_MILLIS + FLUSH_MILLIS;
        flushAt.update(at);
        timers.registerEventTimeTimer(at);
    }
}

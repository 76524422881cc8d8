package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.chat.ChatDispatch;
import dev.tokenwatch.sink.chat.ChatMessage;
import dev.tokenwatch.sink.chat.ChatSender;
import dev.tokenwatch.sink.chat.DeliveryLedger;
import dev.tokenwatch.sink.chat.DeliveryOutcome;
import dev.tokenwatch.sink.chat.Destination;
import dev.tokenwatch.sink.chat.Routes;
import dev.tokenwatch.sink.chat.SecretValue;
import dev.tokenwatch.sink.chat.Throttle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Delivers routed alerts to one chat destination per key, exactly once across restarts, never holding up the job.
 * <p>
 * Requests are asynchronous ({@link ChatSender}); their outcomes are taken in on the next element or timer, since keyed
 * state may only be touched from the task thread. What is routed but not yet acknowledged stays in the outbox, which is
 * part of the checkpoint, so a restart sends it again. Alerts made again after a restart are checked against the
 * destination's {@link DeliveryLedger} and not sent twice. A message given up on becomes a dead letter (this
 * function's output) with the reason and without the URL or secret.
 */
public final class ChatDeliveryFunction extends KeyedProcessFunction<String, Tuple2<String, Alert>, String>
        implements CheckpointedFunction {
    /** How often outcomes are taken in and the outbox looked at while it is not empty. */
    static final long PUMP_MILLIS = 500;

    private final Routes routes;
    private final String ledgerDir;

    private transient Map<String, ChatDispatch> dispatch;
    private transient Map<String, ChatSender> senders;
    private transient Map<String, DeliveryLedger> ledgers;
    private transient Map<String, Queue<DeliveryOutcome>> outcomes;
    /** Requests sent and not yet taken in, by {@link #underWay}. */
    private transient Set<String> inFlight;
    private transient ExecutorService http;
    private transient ScheduledExecutorService retries;
    private transient MapState<String, String> outbox;
    private transient ValueState<String> throttle;
    private transient Counters sent;
    private transient Counters retried;
    private transient Counters deadLettered;
    private transient Counters held;
    private transient Counters updatesHeld;
    private transient Counters alreadyDelivered;
    /** The same three counts by destination name. */
    private transient LabeledCounters sentTo, retriedTo, deadLetteredFor;

    /** @param ledgerDir where each destination's {@link DeliveryLedger} lives; must outlive the job (the data directory) */
    public ChatDeliveryFunction(Routes routes, Path ledgerDir) {
        this.routes = routes;
        this.ledgerDir = ledgerDir.toAbsolutePath().toString();
    }

    @Override
    public void open(OpenContext context) {
        outbox = getRuntimeContext().getMapState(StateDescriptors.CHAT_OUTBOX);
        throttle = getRuntimeContext().getState(StateDescriptors.CHAT_THROTTLE);
        sent = Counters.register(getRuntimeContext(), PipelineMetrics.CHAT_SENT);
        retried = Counters.register(getRuntimeContext(), PipelineMetrics.CHAT_RETRIES);
        deadLettered = Counters.register(getRuntimeContext(), PipelineMetrics.CHAT_DEAD_LETTERS);
        held = Counters.register(getRuntimeContext(), PipelineMetrics.CHAT_HELD);
        updatesHeld = Counters.register(getRuntimeContext(), PipelineMetrics.CHAT_UPDATES_HELD);
        alreadyDelivered = Counters.register(getRuntimeContext(), PipelineMetrics.CHAT_ALREADY_DELIVERED);
        List<String> names = routes.destinations().stream().map(Destination::name).toList();
        sentTo = LabeledCounters.register(getRuntimeContext(), MetricLabels.DESTINATION, PipelineMetrics.CHAT_SENT, names);
        retriedTo = LabeledCounters.register(getRuntimeContext(), MetricLabels.DESTINATION, PipelineMetrics.CHAT_RETRIES, names);
        deadLetteredFor = LabeledCounters.register(getRuntimeContext(), MetricLabels.DESTINATION, PipelineMetrics.CHAT_DEAD_LETTERS, names);
        http = Executors.newFixedThreadPool(2, daemon("tokenwatch-chat-http"));
        retries = Executors.newSingleThreadScheduledExecutor(daemon("tokenwatch-chat-retry"));
        HttpClient client = HttpClient.newBuilder().executor(http).connectTimeout(routes.delivery().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        dispatch = new HashMap<>();
        senders = new HashMap<>();
        ledgers = new HashMap<>();
        outcomes = new HashMap<>();
        inFlight = ConcurrentHashMap.newKeySet();
        String kibanaUrl = routes.kibanaUrl() == null ? null : new SecretValue(routes.kibanaUrl()).resolve();
        for (Destination d : routes.destinations()) {
            DeliveryLedger ledger = DeliveryLedger.open(Path.of(ledgerDir), d.name());
            Queue<DeliveryOutcome> done = new ConcurrentLinkedQueue<>();
            ledgers.put(d.name(), ledger);
            outcomes.put(d.name(), done);
            dispatch.put(d.name(), new ChatDispatch(d, kibanaUrl, ledger));
            senders.put(d.name(), new ChatSender(d.name(), URI.create(d.url().resolve()),
                    d.secret() == null ? null : d.secret().resolve(), routes.delivery(), ledger, client, retries, done::add));
        }
    }

    @Override
    public void processElement(Tuple2<String, Alert> routed, Context ctx, Collector<String> out) throws Exception {
        String destination = routed.f0;
        takeOutcomes(destination, out);
        Throttle state = throttle();
        long now = ctx.timerService().currentProcessingTime();
        ChatDispatch.Decision decision = dispatch.get(destination).onAlert(routed.f1, state, now, m -> enqueue(destination, m));
        switch (decision) {
            case HELD -> held.inc();
            case UPDATE_HELD -> updatesHeld.inc();
            case ALREADY_DELIVERED -> alreadyDelivered.inc();
            case SEND -> { }
        }
        Long windowEnd = dispatch.get(destination).windowEnd(state);
        if (windowEnd != null) ctx.timerService().registerProcessingTimeTimer(windowEnd);
        throttle.update(Json.MAPPER.writeValueAsString(state));
        pumpLater(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        String destination = ctx.getCurrentKey();
        takeOutcomes(destination, out);
        Throttle state = throttle();
        Long windowEnd = dispatch.get(destination).windowEnd(state);
        if (windowEnd != null && timestamp >= windowEnd) {
            dispatch.get(destination).onWindowEnd(state).ifPresent(m -> enqueue(destination, m));
            throttle.update(Json.MAPPER.writeValueAsString(state));
        }
        sendWhatIsNotUnderWay(destination);
        pumpLater(ctx);
    }

    /** After a restart the outbox holds what the checkpoint had not seen acknowledged: send it unless it was since. */
    private void sendWhatIsNotUnderWay(String destination) throws Exception {
        List<Map.Entry<String, String>> waiting = new ArrayList<>();
        outbox.entries().forEach(waiting::add);
        for (Map.Entry<String, String> entry : waiting) {
            if (inFlight.contains(underWay(destination, entry.getKey()))) continue;
            if (dispatch.get(destination).delivered(entry.getKey())) {
                outbox.remove(entry.getKey());
                alreadyDelivered.inc();
            } else {
                send(destination, Json.MAPPER.readValue(entry.getValue(), ChatMessage.class));
            }
        }
    }

    private void enqueue(String destination, ChatMessage message) {
        try {
            outbox.put(message.id(), Json.MAPPER.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException("cannot keep chat message " + message.id() + " for " + destination, e);
        }
        send(destination, message);
    }

    private void send(String destination, ChatMessage message) {
        inFlight.add(underWay(destination, message.id()));
        senders.get(destination).send(message);
    }

    private void takeOutcomes(String destination, Collector<String> out) throws Exception {
        Queue<DeliveryOutcome> done = outcomes.get(destination);
        for (DeliveryOutcome outcome; (outcome = done.poll()) != null; ) {
            ChatMessage message = outcome.message();
            inFlight.remove(underWay(destination, message.id()));
            outbox.remove(message.id());
            retried.add(outcome.attempts() - 1L);
            retriedTo.add(destination, outcome.attempts() - 1L);
            if (outcome.delivered()) {
                sent.inc();
                sentTo.inc(destination);
            } else {
                deadLettered.inc();
                deadLetteredFor.inc(destination);
                out.collect(DeadLetter.of(RawRecord.of("chat:" + destination + "/" + message.id(), 0, message.body()),
                        "chat", outcome.reason()).toJson());
            }
        }
    }

    /** One alert goes to several destinations under the same id; each of their requests is under way on its own. */
    private static String underWay(String destination, String messageId) {
        return destination + "\u0000" + messageId;
    }

    private void pumpLater(Context ctx) throws Exception {
        if (outbox.isEmpty()) return;
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService().registerProcessingTimeTimer((now / PUMP_MILLIS + 1) * PUMP_MILLIS);
    }

    private Throttle throttle() throws Exception {
        String json = throttle.value();
        return json == null ? new Throttle() : Json.MAPPER.readValue(json, Throttle.class);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The ledgers' fsync: each checkpoint makes what was acknowledged before it safe from a machine crash. */
    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        ledgers.values().forEach(DeliveryLedger::sync);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // All state is keyed (the outbox and the throttle), registered in open().
    }

    @Override
    public void close() throws Exception {
        if (retries != null) retries.shutdownNow();
        if (http != null) http.shutdownNow();
        if (ledgers != null) {
            for (DeliveryLedger ledger : ledgers.values()) {
                try {
                    ledger.close();
                } catch (IOException ignored) {
                    // Closing a read-mostly file: every record was fsynced when written.
                }
            }
        }
    }
}

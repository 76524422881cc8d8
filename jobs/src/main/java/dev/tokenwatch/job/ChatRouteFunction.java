package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.sink.chat.Destination;
import dev.tokenwatch.sink.chat.Routes;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/** Each alert once per destination whose filter takes it, keyed by the destination's name downstream. */
final class ChatRouteFunction implements FlatMapFunction<Alert, Tuple2<String, Alert>> {
    private final Routes routes;

    ChatRouteFunction(Routes routes) {
        this.routes = routes;
    }

    @Override
    public void flatMap(Alert alert, Collector<Tuple2<String, Alert>> out) {
        for (Destination destination : routes.destinations()) {
            if (destination.filter().accepts(alert)) out.collect(Tuple2.of(destination.name(), alert));
        }
    }
}

package dev.tokenwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a chat destination may get twice from a job killed while delivering. A request under way when the process dies
 * is the one thing that can arrive twice: the destination may have taken it without the job learning so (HTTP has no
 * way to ask), and the restarted job sends it again. Shared by the tests that kill a job with chat in the loop
 * ({@code ChatDeliveryIT}, {@code KafkaJobIT}).
 */
public final class ChatRepeats {
    /** The header that names the message (an alert's id) in every request. */
    public static final String DELIVERY_HEADER = "X-Tokenwatch-Delivery";

    private ChatRepeats() {}

    public static Set<String> ids(List<ChatReceiver.Request> requests) {
        return requests.stream().map(r -> r.header(DELIVERY_HEADER)).collect(Collectors.toSet());
    }

    /**
     * Asserts that every message {@code delivered} more than once was first delivered less than {@code timeout} (the
     * longest a request is under way) before a kill and again after it, and that there are at most {@code concurrency}
     * repeats per kill.
     *
     * @param kills when each killed process was gone (epoch ms): nothing it sent arrives later
     */
    public static void assertOnlyWhatWasUnderWayAtAKillRepeats(String destination, List<ChatReceiver.Request> delivered,
                                                               List<Long> kills, int concurrency, Duration timeout) {
        for (String id : ids(delivered)) {
            List<Long> times = delivered.stream().filter(r -> id.equals(r.header(DELIVERY_HEADER)))
                    .map(ChatReceiver.Request::receivedAtMillis).sorted().toList();
            for (int i = 1; i < times.size(); i++) {
                long first = times.get(i - 1);
                long again = times.get(i);
                assertThat(kills).as(destination + ": " + id + " repeated without a kill while it was under way")
                        .anyMatch(kill -> first <= kill && kill <= again && kill - first < timeout.toMillis());
            }
        }
        assertThat(delivered.size() - ids(delivered).size())
                .as(destination + ": repeats, at most the concurrency (" + concurrency + ") per kill")
                .isLessThanOrEqualTo(concurrency * kills.size());
    }
}

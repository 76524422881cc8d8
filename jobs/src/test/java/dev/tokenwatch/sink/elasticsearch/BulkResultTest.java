package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResultTest {
    private static EsAction action(String id) {
        return new EsAction(EsAction.Kind.INDEX, "tokenwatch-events-2026.11.18", id, "{\"a\":1}", null, 0);
    }

    @Test
    void itemsAreSortedIntoDoneRetryDeadLetterAndFatal() throws Exception {
        List<EsAction> sent = List.of(action("ok"), action("busy"), action("bad"), action("down"), action("updated"), action("denied"));
        String response = """
                {"took":3,"errors":true,"items":[
                 {"index":{"_index":"i","_id":"ok","status":201,"result":"created"}},
                 {"index":{"_index":"i","_id":"busy","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},
                 {"index":{"_index":"i","_id":"bad","status":400,"error":{"type":"document_parsing_exception","reason":"[1:20] failed to parse field [source.ip] of type [ip]","caused_by":{"type":"illegal_argument_exception","reason":"'x' is not an IP string literal."}}}},
                 {"index":{"_index":"i","_id":"down","status":503,"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"}}},
                 {"update":{"_index":"i","_id":"updated","status":200,"result":"noop"}},
                 {"index":{"_index":"i","_id":"denied","status":403,"error":{"type":"security_exception","reason":"action [indices:data/write/bulk[s]] is unauthorized"}}}
                ]}""";
        BulkResult r = BulkResult.of(sent, response, RetryPolicy.defaults());
        assertThat(r.done).extracting(a -> a.id).containsExactly("ok", "updated");
        assertThat(r.retry).extracting(a -> a.id).containsExactly("busy", "down");
        assertThat(r.deadLetters).singleElement().satisfies(f -> {
            assertThat(f.action().id).isEqualTo("bad");
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.reason()).isEqualTo("document_parsing_exception: [1:20] failed to parse field [source.ip] of type [ip]"
                    + " (caused by illegal_argument_exception: 'x' is not an IP string literal.)");
        });
        assertThat(r.fatal).extracting(f -> f.action().id).containsExactly("denied");
    }

    @Test
    void aResponseThatDoesNotMatchTheRequestIsAnError() {
        assertThatThrownBy(() -> BulkResult.of(List.of(action("a")), "{\"items\":[]}", RetryPolicy.defaults()))
                .hasMessageContaining("0 items for 1 actions");
    }

    @Test
    void deadLettersCarryTheReasonAndTheScrubbedDocument() {
        EsAction a = new EsAction(EsAction.Kind.INDEX, "idx", "id1", "{\"t\":\"Bearer abcdefghijklmnopqrstuvwxyz0123456789\"}", null, 0);
        var letter = EsDeadLetters.letter(new BulkResult.Failure(a, 400, "mapper_parsing_exception: boom"));
        assertThat(letter.origin()).isEqualTo("elasticsearch:idx/id1");
        assertThat(letter.reason()).contains("400", "mapper_parsing_exception: boom");
        assertThat(letter.raw()).doesNotContain("abcdefghijklmnopqrstuvwxyz0123456789");
    }

    @Test
    void overloadAndOutagesAreRetriedWithGrowingCappedBackoff() {
        RetryPolicy p = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(p.forItem(429)).isEqualTo(RetryPolicy.Decision.RETRY);
        assertThat(p.forItem(502)).isEqualTo(RetryPolicy.Decision.RETRY);
        assertThat(p.forItem(400)).isEqualTo(RetryPolicy.Decision.DEAD_LETTER);
        assertThat(p.forItem(404)).isEqualTo(RetryPolicy.Decision.DEAD_LETTER);
        assertThat(p.forItem(401)).isEqualTo(RetryPolicy.Decision.FATAL);
        assertThat(p.forRequest(503)).isEqualTo(RetryPolicy.Decision.RETRY);
        assertThat(p.forRequest(413)).isEqualTo(RetryPolicy.Decision.FATAL);
        for (int i = 0; i < 50; i++) {
            assertThat(p.backoffMillis(1)).isBetween(50L, 100L);
            assertThat(p.backoffMillis(3)).isBetween(200L, 400L);
            assertThat(p.backoffMillis(40)).isBetween(2500L, 5000L);
        }
    }
}

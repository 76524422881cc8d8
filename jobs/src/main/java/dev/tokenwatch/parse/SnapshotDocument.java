package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An access-token page given as a document (a file, a POST): bare, or in the wrapper
 * {@code {"account": "jdoe", "observed_at": "<RFC 3339>", "snapshot": {page}}} that says what the page itself does not,
 * whose list it is and when it was taken. A bad {@code account} or {@code observed_at} costs that value, not the page.
 *
 * @param account {@code user.name} of every event; null for a bare page
 * @param observedAt when the page was fetched; null when not known
 * @param results the page's {@code results} array
 * @param resultsPath where {@code results} is, for messages ({@code results}, {@code snapshot.results})
 * @param problems what was wrong with the wrapper's fields, for every event
 */
record SnapshotDocument(String account, Instant observedAt, JsonNode results, String resultsPath, Problems problems) {

    static SnapshotDocument read(JsonNode node, String where) throws ParseException {
        Problems problems = new Problems();
        if (!AccessTokenSnapshots.isWrapped(node)) {
            return new SnapshotDocument(null, null, AccessTokenSnapshots.results(node, where), path(where, "results"), problems);
        }
        String account = problems.tolerate(() -> JsonFields.textValue(path(where, "account"), node.get("account")));
        Instant observedAt = problems.tolerate(() -> {
            JsonNode value = node.get("observed_at");
            return value == null || value.isNull() ? null : Instant.ofEpochMilli(JsonFields.timestampValue(path(where, "observed_at"), value));
        });
        String page = path(where, "snapshot");
        return new SnapshotDocument(account, observedAt, AccessTokenSnapshots.results(node.get("snapshot"), page), path(page, "results"), problems);
    }

    private static String path(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }
}

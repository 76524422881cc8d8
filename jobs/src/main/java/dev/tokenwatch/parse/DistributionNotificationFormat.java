package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;

/**
 * One event of a CNCF Distribution notification envelope ({@code events[]}). Only manifest events
 * are image pushes and pulls; the per-blob events of the same push are kept as {@code other}
 * ({@code blob.push}, {@code blob.pull}) so rules count one push per image, not per layer.
 * A {@code HEAD} of a manifest (a client asking for the digest before it fetches, or whether a tag moved) is
 * {@code other} too ({@code pull.head}): it transfers no image, so a pull that checks first is one pull. It is still
 * a use of the credential from that address, which every rule not restricted to {@code image.pull} sees; a rule
 * that wants checks counted as pulls names {@code event.original_action = 'pull.head'}.
 */
final class DistributionNotificationFormat implements InputFormat {
    static final String DATASET = "distribution.notification";

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public boolean recognizes(JsonNode element) {
        return element.has("action") && element.has("target") && element.has("timestamp");
    }

    @Override
    public Event parse(JsonNode e, Problems problems) throws ParseException {
        Event event = new Event();
        event.dataset = DATASET;
        event.timestamp = JsonFields.timestamp(e, "timestamp");
        String action = JsonFields.requiredText(e, "action");
        // The id is what deduplicates redeliveries; without one, the content hash does that job.
        event.id = problems.tolerate(() -> JsonFields.requiredText(e, "id"));
        if (event.id == null) event.id = InputFormat.derivedId(DATASET, e);
        event.outcome = "success";
        event.repositoryName = problems.tolerate(() -> JsonFields.text(e, "target.repository"));
        event.imageTag = problems.tolerate(() -> JsonFields.text(e, "target.tag"));
        event.imageDigest = problems.tolerate(() -> JsonFields.text(e, "target.digest"));
        String mediaType = problems.tolerate(() -> JsonFields.text(e, "target.mediaType"));
        boolean manifest = event.imageTag != null || (mediaType != null && (mediaType.contains("manifest") || mediaType.contains("index")));
        event.httpMethod = problems.tolerate(() -> JsonFields.text(e, "request.method"));
        mapAction(event, action, manifest, "HEAD".equalsIgnoreCase(event.httpMethod));
        event.userName = problems.tolerate(() -> JsonFields.text(e, "actor.name"));
        JsonFields.sourceAddress(event, "request.addr", firstForwarded(JsonFields.rawText(JsonFields.at(e, "request.addr"))), problems);
        event.userAgent = problems.tolerate(() -> JsonFields.text(e, "request.useragent"));
        return event;
    }

    private static void mapAction(Event event, String action, boolean manifest, boolean head) {
        if (manifest && head && action.equals("pull")) {
            Actions.assign(event, null, "pull.head");
            return;
        }
        String mapped = switch (action) {
            case "push" -> manifest ? Actions.IMAGE_PUSH : null;
            case "pull" -> manifest ? Actions.IMAGE_PULL : null;
            case "delete" -> event.imageTag != null ? Actions.TAG_DELETE : manifest ? Actions.IMAGE_DELETE : null;
            default -> null;
        };
        Actions.assign(event, mapped, manifest ? action : "blob." + action);
    }

    /** The registry reports the first X-Forwarded-For entry; be tolerant of a list anyway. */
    private static String firstForwarded(String addr) {
        if (addr == null) return null;
        int comma = addr.indexOf(',');
        return comma < 0 ? addr : addr.substring(0, comma);
    }
}

package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;

/**
 * One event of a CNCF Distribution notification envelope ({@code events[]}). Only manifest events
 * are image pushes and pulls; the per-blob events of the same push are kept as {@code other}
 * ({@code blob.push}, {@code blob.pull}) so rules count one push per image, not per layer.
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
    public Event parse(JsonNode e) throws ParseException {
        Event event = new Event();
        event.dataset = DATASET;
        event.id = JsonFields.requiredText(e, "id");
        event.timestamp = JsonFields.timestamp(e, "timestamp");
        event.outcome = "success";
        String action = JsonFields.requiredText(e, "action");
        event.repositoryName = JsonFields.text(e, "target.repository");
        event.imageTag = JsonFields.text(e, "target.tag");
        event.imageDigest = JsonFields.text(e, "target.digest");
        String mediaType = JsonFields.text(e, "target.mediaType");
        boolean manifest = event.imageTag != null || (mediaType != null && (mediaType.contains("manifest") || mediaType.contains("index")));
        mapAction(event, action, manifest);
        event.userName = JsonFields.text(e, "actor.name");
        event.sourceIp = JsonFields.ip("request.addr", firstForwarded(JsonFields.text(e, "request.addr")));
        event.userAgent = JsonFields.text(e, "request.useragent");
        event.httpMethod = JsonFields.text(e, "request.method");
        return event;
    }

    private static void mapAction(Event event, String action, boolean manifest) {
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

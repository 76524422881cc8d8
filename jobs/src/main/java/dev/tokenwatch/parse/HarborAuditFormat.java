package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Event;

/**
 * A Harbor audit-log entry ({@code auditlog-exts}). The event type is
 * {@code <operation>_<resource_type>}; what it means is {@link HarborAuditMapping}'s, shared with the syslog lines.
 */
final class HarborAuditFormat implements InputFormat {
    static final String DATASET = HarborAuditMapping.DATASET;

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public boolean recognizes(JsonNode element) {
        return element.has("op_time") && (element.has("operation") || element.has("event_type"));
    }

    @Override
    public Event parse(JsonNode e, Problems problems) throws ParseException {
        Event event = new Event();
        event.dataset = DATASET;
        event.timestamp = JsonFields.timestamp(e, "op_time");
        JsonNode id = e.get("id");
        boolean idUsable = id != null && !id.isNull() && (id.isIntegralNumber() || id.isTextual());
        if (id != null && !id.isNull() && !idUsable) {
            problems.add("id: expected a number, got " + JsonFields.show(id.toString()));
        }
        event.id = idUsable ? "harbor:" + id.asText() : InputFormat.derivedId(DATASET, e);
        JsonNode result = e.get("operation_result");
        Boolean success = result == null || result.isNull() ? Boolean.TRUE : result.isBoolean() ? result.asBoolean() : null;
        if (success == null) {
            problems.add("operation_result: expected true or false, got " + JsonFields.show(result.toString()));
        }
        event.outcome = success == null ? "unknown" : success ? "success" : "failure";
        HarborAuditMapping.operator(event, problems.tolerate(() -> JsonFields.text(e, "username")));
        String type = JsonFields.text(e, "event_type");
        if (type == null) {
            type = JsonFields.requiredText(e, "operation") + "_" + JsonFields.requiredText(e, "resource_type");
        }
        // The description is prose, read only for a hint (a member's project): one that is not text is no problem.
        JsonNode description = e.path("operation_description");
        HarborAuditMapping.action(event, type, problems.tolerate(() -> JsonFields.text(e, "resource")),
                description.isTextual() ? description.asText() : null, success);
        return event;
    }
}

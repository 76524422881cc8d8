package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.util.Map;

/**
 * A Harbor audit-log entry ({@code auditlog-exts}). The event type is
 * {@code <operation>_<resource_type>}; robot accounts ({@code robot$...}) are the tokens Harbor has.
 */
final class HarborAuditFormat implements InputFormat {
    static final String DATASET = "harbor.audit";

    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("create_artifact", Actions.IMAGE_PUSH),
            Map.entry("pull_artifact", Actions.IMAGE_PULL),
            Map.entry("delete_artifact", Actions.IMAGE_DELETE),
            Map.entry("delete_tag", Actions.TAG_DELETE),
            Map.entry("create_repository", Actions.REPO_CREATE),
            Map.entry("delete_repository", Actions.REPO_DELETE),
            Map.entry("create_robot", Actions.TOKEN_CREATED),
            Map.entry("delete_robot", Actions.TOKEN_DELETED),
            Map.entry("create_member", Actions.MEMBER_ADD),
            Map.entry("delete_member", Actions.MEMBER_REMOVE),
            Map.entry("create_user", Actions.MEMBER_ADD),
            Map.entry("delete_user", Actions.MEMBER_REMOVE));

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
        String user = problems.tolerate(() -> JsonFields.text(e, "username"));
        if (user != null && !user.equals("anonymous")) {
            event.userName = user;
            if (user.startsWith("robot$")) {
                event.tokenId = user;
                event.tokenKind = "robot";
            }
        }
        String type = JsonFields.text(e, "event_type");
        if (type == null) {
            type = JsonFields.requiredText(e, "operation") + "_" + JsonFields.requiredText(e, "resource_type");
        }
        String resourceType = type.substring(type.indexOf('_') + 1);
        String resource = problems.tolerate(() -> JsonFields.text(e, "resource"));
        if (resource != null && (resourceType.equals("artifact") || resourceType.equals("tag") || resourceType.equals("repository"))) {
            assignResource(event, resource);
        } else if (resource != null && resourceType.equals("robot")) {
            event.tokenId = resource;
        } else if (resource != null && resourceType.equals("member")) {
            assignMember(event, resource);
        } else if (resource != null && resourceType.equals("user") && !type.equals("login_user")) {
            // A Harbor account created or deleted: joining or leaving the whole registry, no group.
            event.targetUserName = resource;
        }
        // A login whose result is unreadable is neither a success nor a failure: other, with login_user kept.
        String mapped = !type.equals("login_user") ? ACTIONS.get(type)
                : success == null ? null : success ? Actions.LOGIN_SUCCESS : Actions.LOGIN_FAILURE;
        Actions.assign(event, mapped, type);
        return event;
    }

    /**
     * A project membership: {@code project:member} (or {@code project/member}) names the project as
     * ECS {@code group.name}; a bare name is a member of a project the entry does not name.
     */
    private static void assignMember(Event event, String resource) {
        int cut = Math.max(resource.lastIndexOf(':'), resource.lastIndexOf('/'));
        event.targetUserName = resource.substring(cut + 1);
        event.groupName = cut > 0 ? resource.substring(0, cut) : "(project not named)";
    }

    /** {@code project/repo:tag} or {@code project/repo@sha256:...}. */
    private static void assignResource(Event event, String resource) {
        int at = resource.indexOf('@');
        if (at >= 0) {
            event.repositoryName = resource.substring(0, at);
            event.imageDigest = resource.substring(at + 1);
            return;
        }
        int colon = resource.lastIndexOf(':');
        if (colon > resource.lastIndexOf('/')) {
            event.repositoryName = resource.substring(0, colon);
            event.imageTag = resource.substring(colon + 1);
        } else {
            event.repositoryName = resource;
        }
    }
}

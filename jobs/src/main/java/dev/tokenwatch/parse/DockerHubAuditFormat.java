package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;

/** A Docker Hub organization audit-log entry ({@code /v2/auditlogs/{account}}); carries no client IP. */
final class DockerHubAuditFormat implements InputFormat {
    static final String DATASET = "dockerhub.audit";

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public boolean recognizes(JsonNode element) {
        return element.has("action") && element.has("account") && element.has("timestamp");
    }

    @Override
    public Event parse(JsonNode e, Problems problems) throws ParseException {
        Event event = new Event();
        event.dataset = DATASET;
        event.id = InputFormat.derivedId(DATASET, e);
        event.timestamp = JsonFields.timestamp(e, "timestamp");
        String action = JsonFields.requiredText(e, "action");
        event.outcome = "success";
        event.organizationName = text(problems, e, "account");
        event.userName = text(problems, e, "actor");
        String name = text(problems, e, "name");
        JsonNode data = e.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            // data.* reads find nothing in a non-object, so the event keeps what the other fields say
            problems.add("data: expected an object of strings, got " + JsonFields.show(data.toString()));
        }
        String mapped = switch (action) {
            case "repo.tag.push" -> {
                event.repositoryName = name;
                event.imageTag = text(problems, e, "data.tag");
                event.imageDigest = text(problems, e, "data.digest");
                yield Actions.IMAGE_PUSH;
            }
            case "repo.tag.delete" -> {
                event.repositoryName = name;
                event.imageTag = text(problems, e, "data.tag");
                yield Actions.TAG_DELETE;
            }
            case "repo.create" -> {
                event.repositoryName = name;
                yield Actions.REPO_CREATE;
            }
            case "repo.delete" -> {
                event.repositoryName = name;
                yield Actions.REPO_DELETE;
            }
            case "repo.change_privacy" -> {
                event.repositoryName = name;
                event.repositoryVisibility = text(problems, e, "data.privacy");
                yield Actions.REPO_VISIBILITY_CHANGE;
            }
            case "team.member.add", "org.member.add", "team.member.remove", "org.member.remove" -> {
                event.targetUserName = text(problems, e, "data.member");
                // A team change names the team (entry "name"); an organization change names no group.
                if (action.startsWith("team.")) event.groupName = name;
                yield action.endsWith(".add") ? Actions.MEMBER_ADD : Actions.MEMBER_REMOVE;
            }
            case "access_token.create", "access_token.delete" -> {
                event.tokenId = firstNonNull(text(problems, e, "data.token_id"), text(problems, e, "data.uuid"), text(problems, e, "data.token_label"));
                event.tokenKind = "personal";
                yield action.endsWith("create") ? Actions.TOKEN_CREATED : Actions.TOKEN_DELETED;
            }
            default -> {
                event.repositoryName = name != null && name.contains("/") ? name : null;
                yield null;
            }
        };
        Actions.assign(event, mapped, action);
        return event;
    }

    private static String text(Problems problems, JsonNode e, String path) {
        return problems.tolerate(() -> JsonFields.text(e, path));
    }

    private static String firstNonNull(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }
}

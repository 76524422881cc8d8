package dev.tokenwatch.parse;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Harbor audit entry means, however it arrived: the API's {@code auditlog-exts} JSON ({@link HarborAuditFormat})
 * and the lines Harbor forwards to syslog ({@link HarborSyslogFormat}) carry the same operator, operation, resource
 * type and resource, so one mapping keeps the two transports from drifting apart.
 */
final class HarborAuditMapping {
    static final String DATASET = "harbor.audit";

    /** {@code <operation>_<resource_type>} to the schema's action; a login is decided by its result, not here. */
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("create_artifact", Actions.IMAGE_PUSH),
            // Harbor 1.x and the legacy audit log called a push "push".
            Map.entry("push_artifact", Actions.IMAGE_PUSH),
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

    private static final String LOGIN = "login_user";
    private static final Pattern DESCRIBED_PROJECT = Pattern.compile(" (?:in|from) project (\\S+)$");

    private HarborAuditMapping() {}

    /** The acting account: {@code anonymous} is nobody, a robot account ({@code robot$...}) is the token Harbor has. */
    static void operator(Event event, String user) {
        if (user == null || user.equals("anonymous")) return;
        event.userName = user;
        if (user.startsWith("robot$")) {
            event.tokenId = user;
            event.tokenKind = "robot";
        }
    }

    /**
     * The action and what it touched.
     *
     * @param type     {@code <operation>_<resource_type>}, e.g. {@code create_artifact}
     * @param resource    the entry's resource, or null
     * @param description the entry's {@code operation_description}, or null
     * @param success     the operation's result; null when it was given but unreadable
     */
    static void action(Event event, String type, String resource, String description, Boolean success) {
        String resourceType = type.substring(type.indexOf('_') + 1);
        if (resource != null && (resourceType.equals("artifact") || resourceType.equals("tag") || resourceType.equals("repository"))) {
            assignResource(event, resource);
        } else if (resource != null && resourceType.equals("robot")) {
            event.tokenId = resource;
        } else if (resource != null && resourceType.equals("member")) {
            assignMember(event, resource, description);
        } else if (resource != null && resourceType.equals("user") && !type.equals(LOGIN)) {
            // A Harbor account created or deleted: joining or leaving the whole registry, no group.
            event.targetUserName = resource;
        }
        // A login whose result is unreadable is neither a success nor a failure: other, with login_user kept.
        String mapped = !type.equals(LOGIN) ? ACTIONS.get(type)
                : success == null ? null : success ? Actions.LOGIN_SUCCESS : Actions.LOGIN_FAILURE;
        Actions.assign(event, mapped, type);
    }

    /**
     * A project membership: {@code project:member} (or {@code project/member}) names the project as
     * ECS {@code group.name}. Harbor 2.13+ names only the member and says the project in the description
     * ({@code delete user member pwu from project payments}); a bare name without one is a member of a project the
     * entry does not name.
     */
    private static void assignMember(Event event, String resource, String description) {
        int cut = Math.max(resource.lastIndexOf(':'), resource.lastIndexOf('/'));
        event.targetUserName = resource.substring(cut + 1);
        Matcher project = description == null ? null : DESCRIBED_PROJECT.matcher(description);
        event.groupName = cut > 0 ? resource.substring(0, cut)
                : project != null && project.find() ? project.group(1) : "(project not named)";
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

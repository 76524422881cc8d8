package dev.tokenwatch.parse;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Harbor's audit log as it forwards it to syslog ({@code audit_log_forward_endpoint}): one text line per entry,
 * {@code [operator="..." resourceType="..." time="..."]:action:OP, resource:RES, operation_description:DESC}, or the
 * legacy (before 2.13) {@code [operator="..." time="..."]:action:OP, resource:RES}. The same entry the API gives, so
 * the same dataset and the same mapping ({@link HarborAuditMapping}); what the transport loses:
 * <ul>
 *   <li>no entry id: the id is a hash of the line after the syslog header, so a line relayed twice is one event;</li>
 *   <li>no operation result: an entry is taken as a success, except a login. Harbor forwards a failed login exactly
 *   as a successful one ({@code action:login}), so a login is {@code other} ({@code login_user}) with outcome
 *   {@code unknown}, never a {@code login.success} that a password-guessing run would otherwise look like.</li>
 * </ul>
 * Other Harbor log lines (no {@code action:}) report no event and are ignored.
 */
final class HarborSyslogFormat {
    static final String DATASET = HarborAuditMapping.DATASET;
    private static final Pattern AUDIT = Pattern.compile(
            "action:(?<op>.*?), resource:(?<res>.*?)(?:, operation_description:(?<desc>.*))?", Pattern.DOTALL);
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z][A-Za-z_-]*");
    /** Go's {@code time.Time.String()}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}, maybe with {@code m=+0.0001}. */
    private static final Pattern GO_TIME = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) ([+-]\\d\\d)(\\d\\d)(?: [A-Za-z0-9+-]+)?(?: m=[+-]\\d+(?:\\.\\d+)?)?");
    private static final String LOGIN = "login_user";

    /** Whether a record is a Harbor log line, with or without a syslog header, or anything that came through syslog. */
    static boolean recognizes(String text) {
        String t = text.strip();
        return SyslogHeader.hasPriority(t) || HarborLogLine.looksLikeOne(SyslogHeader.message(t));
    }

    /** The audit entry the line forwards, or empty for a Harbor line that is not one. */
    Optional<Event> parse(String line, Problems problems) throws ParseException {
        String message = SyslogHeader.message(line.strip());
        HarborLogLine harbor = HarborLogLine.read(message).orElseThrow(() -> new ParseException(
                "syslog message: not a Harbor log line ('<RFC 3339 time> [LEVEL] ...'): " + JsonFields.show(message)));
        if (!harbor.message().startsWith("action:")) return Optional.empty();
        Matcher audit = AUDIT.matcher(harbor.message());
        if (!audit.matches()) {
            throw new ParseException("resource: missing after the action in " + JsonFields.show(harbor.message()));
        }
        String operation = audit.group("op").strip();
        if (!OPERATION.matcher(operation).matches()) {
            throw new ParseException("action: not a Harbor operation: " + JsonFields.show(operation));
        }
        String resource = audit.group("res").strip();
        Event event = new Event();
        event.dataset = DATASET;
        event.timestamp = harbor.fields().containsKey("time") ? goTime("time", harbor.fields().get("time"))
                : JsonFields.timestampText("log time", harbor.time());
        event.id = DATASET + ":" + Secrets.sha256Hex(message).substring(0, 32);
        String resourceType = harbor.fields().get("resourceType");
        String type = operation + "_" + (resourceType == null || resourceType.isBlank() ? legacyResourceType(resource) : resourceType);
        // No result travels with the line: a success, but a login stays undecided (see the class comment).
        Boolean success = type.equals(LOGIN) ? null : Boolean.TRUE;
        event.outcome = success == null ? "unknown" : "success";
        HarborAuditMapping.operator(event, emptyToNull(harbor.fields().get("operator")));
        HarborAuditMapping.action(event, type, emptyToNull(resource), audit.group("desc"), success);
        return Optional.of(event);
    }

    /**
     * The legacy line names no resource type; its resources are artifacts ({@code repo:tag}, {@code repo@digest}),
     * repositories ({@code project/repo}) or projects ({@code project}), told apart by their shape.
     */
    private static String legacyResourceType(String resource) {
        int slash = resource.lastIndexOf('/');
        if (resource.indexOf('@') >= 0 || resource.lastIndexOf(':') > slash) return "artifact";
        return slash >= 0 ? "repository" : "project";
    }

    /** A time as Go's {@code time.Time.String()} writes it, the form Harbor's {@code time} field has. */
    static long goTime(String path, String written) throws ParseException {
        Matcher m = GO_TIME.matcher(written == null ? "" : written.strip());
        Instant t = null;
        if (m.matches()) {
            try {
                t = OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + m.group(3) + ":" + m.group(4)).toInstant();
            } catch (DateTimeParseException impossibleDate) {
                // 2026-02-30 has the shape and no day: the same error as a wrong shape.
            }
        }
        if (t == null) {
            throw new ParseException(path + ": not a Go time ('2006-01-02 15:04:05.999999999 -0700 MST'): " + JsonFields.show(written));
        }
        return JsonFields.inRange(path, written, t);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

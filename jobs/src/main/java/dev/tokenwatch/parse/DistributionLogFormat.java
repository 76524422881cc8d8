package dev.tokenwatch.parse;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Distribution registry's own log (logfmt), the only place a failed login shows: notifications report what
 * succeeded. A line {@code level=error msg="error authenticating user \"bob\": authentication failure"} becomes a
 * {@code login.failure} event with the client address, user agent, method and repository of the request. Every other
 * line (requests completed, the warning that repeats the same failure) carries no event.
 */
final class DistributionLogFormat {
    static final String DATASET = "distribution.log";
    private static final Pattern AUTH_FAILURE = Pattern.compile("error authenticating user \"(.*)\": (.+)");

    /** Whether a record is a logfmt line rather than JSON: the registry starts each one with its time. */
    static boolean recognizes(String text) {
        String t = text.stripLeading();
        return t.startsWith("time=") || t.startsWith("level=");
    }

    /** The login failure the line reports, or empty for a line that reports none. */
    Optional<Event> parse(String line, Problems problems) throws ParseException {
        Map<String, String> fields = Logfmt.parse(line.strip());
        Matcher failure = AUTH_FAILURE.matcher(fields.getOrDefault("msg", ""));
        if (!failure.matches()) return Optional.empty();
        Event event = new Event();
        event.dataset = DATASET;
        event.timestamp = JsonFields.timestampText("time", fields.get("time"));
        String requestId = fields.get("http.request.id");
        event.id = requestId != null && !requestId.isBlank() ? DATASET + ":" + requestId
                : DATASET + ":" + Secrets.sha256Hex(line.strip()).substring(0, 32);
        Actions.assign(event, Actions.LOGIN_FAILURE, "error authenticating user");
        event.outcome = "failure";
        event.userName = failure.group(1).isEmpty() ? null : failure.group(1);
        JsonFields.sourceAddress(event, "http.request.remoteaddr", fields.get("http.request.remoteaddr"), problems);
        event.userAgent = fields.get("http.request.useragent");
        event.httpMethod = fields.get("http.request.method");
        event.repositoryName = fields.get("vars.name");
        return Optional.of(event);
    }
}

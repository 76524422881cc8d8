package dev.tokenwatch.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header a syslog transport puts before a program's message, taken off so the message can be read as the program
 * wrote it. Go's {@code log/syslog} (what Harbor forwards with) writes {@code <PRI>RFC3339 HOST TAG[PID]: MSG}; a relay
 * may rewrite that as RFC 5424 ({@code <PRI>1 TIME HOST APP PROCID MSGID SD MSG}), use the BSD time
 * ({@code Nov 20 09:12:34}), drop the {@code <PRI>}, or strip the header altogether.
 */
final class SyslogHeader {
    private static final Pattern RFC_5424 = Pattern.compile(
            "<\\d{1,3}>\\d{1,2} \\S+ \\S+ \\S+ \\S+ \\S+ (?:-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+)(?: \\uFEFF?|$)");
    private static final Pattern RFC_3164 = Pattern.compile(
            "(?:<\\d{1,3}>)?(?:[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d|\\S+) \\S+ [^\\s\\[\\]:]+(?:\\[[^\\]\\s]*\\])?: ");

    private SyslogHeader() {}

    /** Whether the text starts with a syslog priority, {@code <6>}: then it came through syslog, whatever follows. */
    static boolean hasPriority(String text) {
        return text.length() > 2 && text.charAt(0) == '<' && Character.isDigit(text.charAt(1)) && text.indexOf('>') > 1
                && text.indexOf('>') <= 4;
    }

    /** The message after the header, or the text itself when it has none. */
    static String message(String text) {
        Matcher m = RFC_5424.matcher(text);
        if (m.lookingAt()) return text.substring(m.end());
        m = RFC_3164.matcher(text);
        if (m.lookingAt()) return text.substring(m.end());
        return text;
    }
}

package dev.tokenwatch.logging;

import dev.tokenwatch.event.Secrets;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * A log4j2 rewrite policy that passes every log message through {@link Secrets#scrub}: a token, JWT or bearer
 * credential that reaches a log message (an error quoting a request, say) is logged as its fingerprint, in the text and
 * the JSON format alike. Exception messages and stack traces are not rewritten.
 */
@Plugin(name = "SecretScrubbing", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class SecretScrubbingPolicy implements RewritePolicy {
    @PluginFactory
    public static SecretScrubbingPolicy create() {
        return new SecretScrubbingPolicy();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        if (event.getMessage() == null) return event;
        String message = event.getMessage().getFormattedMessage();
        if (!Secrets.containsSecret(message)) return event;
        return new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(Secrets.scrub(message))).build();
    }

    @Override
    public String toString() {
        return "SecretScrubbing";
    }
}

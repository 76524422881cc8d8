package dev.tokenwatch.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

/** Secrets in log messages are logged as fingerprints, in both shipped logging configurations. */
class SecretScrubbingPolicyTest {
    private static final String TOKEN = "dckr_pat_LogSecret0123456789abcdef";

    @Test
    void aTokenInAMessageIsReplacedByItsFingerprint() {
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("t").setLevel(Level.WARN)
                .setMessage(new ParameterizedMessage("poll failed: {} refused", "Authorization: Bearer " + TOKEN)).build();

        LogEvent rewritten = SecretScrubbingPolicy.create().rewrite(event);

        assertThat(rewritten.getMessage().getFormattedMessage()).doesNotContain(TOKEN).startsWith("poll failed: ").endsWith(" refused");
        assertThat(rewritten.getLevel()).isEqualTo(Level.WARN);
        assertThat(rewritten.getLoggerName()).isEqualTo("t");
    }

    @Test
    void aMessageWithoutSecretsIsTheSameEvent() {
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("t").setLevel(Level.INFO)
                .setMessage(new ParameterizedMessage("rules loaded: {} rules running", 18)).build();
        assertThat(SecretScrubbingPolicy.create().rewrite(event)).isSameAs(event);
    }

    @Test
    void bothShippedConfigurationsWriteThroughThePolicy() throws Exception {
        for (String config : new String[] {"log4j2.properties", "log4j2-json.properties"}) {
            LoggerContext context = new LoggerContext("scrub-" + config);
            try {
                context.setConfigLocation(URI.create("classpath:" + config));
                Appender console = context.getConfiguration().getAppender("console");
                assertThat(console).as(config).isInstanceOf(RewriteAppender.class);
                // The policy is optional to log4j: had the plugin not been found, the appender would write unscrubbed.
                java.lang.reflect.Field policy = RewriteAppender.class.getDeclaredField("rewritePolicy");
                policy.setAccessible(true);
                assertThat(policy.get(console)).as(config).isInstanceOf(SecretScrubbingPolicy.class);
                assertThat(context.getConfiguration().getRootLogger().getAppenders()).as(config).containsKey("console");
            } finally {
                context.stop();
            }
        }
    }
}

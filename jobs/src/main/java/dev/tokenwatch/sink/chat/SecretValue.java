package dev.tokenwatch.sink.chat;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value from a routes file that may be a secret: {@code ${ENV_VAR}} (also inside a text, {@code https://x/${TOKEN}}),
 * {@code file:PATH} or a literal. The job carries the reference, not the value, and resolves it where it runs; neither
 * shows in {@link #toString}, logs or dead letters.
 */
public record SecretValue(String reference) implements Serializable {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String FILE = "file:";

    /** The value, with variables from the process environment. */
    public String resolve() {
        return resolve(System::getenv);
    }

    /**
     * The value: variables replaced by their value in {@code env}, a file reference by the file's content without its
     * trailing newline, a literal as it is.
     *
     * @throws UnresolvableSecretException naming the variable or file (never a value) when it is unset or unreadable
     */
    public String resolve(Function<String, String> env) {
        if (reference.startsWith(FILE)) return read(Path.of(reference.substring(FILE.length())));
        Matcher m = VARIABLE.matcher(reference);
        StringBuilder value = new StringBuilder();
        while (m.find()) {
            String resolved = env.apply(m.group(1));
            if (resolved == null) throw new UnresolvableSecretException("environment variable " + m.group(1) + " is not set");
            m.appendReplacement(value, Matcher.quoteReplacement(resolved));
        }
        return m.appendTail(value).toString();
    }

    /** Whether the value comes from the environment or a file, so it is not known until resolved. */
    public boolean isReference() {
        return reference.startsWith(FILE) || VARIABLE.matcher(reference).find();
    }

    /**
     * Where the value comes from, for messages: {@code ${SOC_SLACK_URL}}, {@code file:/run/secrets/hmac} or "a literal
     * value". The text around variables is left out: a webhook URL's literal part can be as secret as the variable.
     */
    public String source() {
        if (reference.startsWith(FILE)) return reference;
        List<String> variables = VARIABLE.matcher(reference).results().map(MatchResult::group).toList();
        return variables.isEmpty() ? "a literal value" : String.join(" and ", variables);
    }

    private static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The exception's own message could quote content (a decoding error), so only its kind is given.
            throw new UnresolvableSecretException("file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public String toString() {
        return "SecretValue[***]";
    }
}

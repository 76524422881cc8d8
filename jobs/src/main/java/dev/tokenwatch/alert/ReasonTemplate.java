package dev.tokenwatch.alert;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a rule's reason ("Token {token.id} of {user.name} used from {source.ip} ({source.geo.country_name})")
 * and leaves out what the event does not have, with the words that only introduce it, instead of
 * printing "(unknown)": an analyst reads "Token t used from 1.2.3.4" rather than "Token t of (unknown)
 * used from 1.2.3.4 ((unknown))".
 */
final class ReasonTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    /** Stands for a missing value until the text around it is tidied. */
    private static final String GAP = "\u0000";
    private static final String[][] TIDY = {
            {"[\\p{L}\\p{N}]+" + GAP, GAP},                         // a prefix glued to the value: AS{number}
            {"\\[" + GAP + "]", GAP},                                 // [scopes]
            {GAP + "(\\s+" + GAP + ")+", GAP},                        // several missing in a row
            {"\\s*\\(\\p{L}+\\s+" + GAP + "\\)", ""},                 // (outcome x), (token x)
            {"\\s*\\(" + GAP + "\\)", ""},                            // (country)
            {"\\(" + GAP + ",\\s*", "("},                             // (country, AS...)
            {",\\s*" + GAP + "\\)", ")"},
            {"\\s+" + GAP + "\\)", ")"},                              // (image.pull repository)
            {"\\s+(?:of|from|by|with|to|in|for|as|on|at)\\s+" + GAP, GAP}, // the word that introduces it
            {"[:@]" + GAP, ""},                                       // repository:tag
            {"^" + GAP + "\\s*:?\\s*", ""},
            {"\\s*" + GAP, ""},
    };

    private ReasonTemplate() {}

    /** @param values placeholder name → its text, or null when the event has none */
    static String fill(String template, UnaryOperator<String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null || value.isEmpty() ? GAP : value.replace(GAP, "")));
        }
        m.appendTail(out);
        String text = out.toString();
        for (String[] rule : TIDY) text = text.replaceAll(rule[0], rule[1]);
        return text;
    }
}

package dev.tokenwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A named test inside a rule file: input events (any supported format) and the alerts expected,
 * each given by the fields it must have ({@code count} is the suppressed-alert count). An empty
 * {@code expect} means no alert.
 */
public record RuleTestCase(String name, int line, List<JsonNode> events, List<Map<String, String>> expect) {}

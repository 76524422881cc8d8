package dev.tokenwatch.rule;

import java.util.List;

/** A loaded rule with the tests its file carries. */
public record RuleFile(Rule rule, List<RuleTestCase> tests) {}

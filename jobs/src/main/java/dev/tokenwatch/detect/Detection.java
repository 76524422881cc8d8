package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.Severity;

/** A rule fired on an event: what the alert stage turns into an alert (or folds into one). */
public class Detection {
    public String ruleId;
    public Event event;
    /** One clause saying what the rule saw, used in the alert's reason. */
    public String detail;
    /** Rule id plus the values of the rule's suppression fields: detections with the same key fold into one alert. */
    public String suppressionKey;
    /** Set when what was seen is graver or milder than the rule says (e.g. a new country, not just a new network); null: the rule's. */
    public Severity severity;
    public Integer riskScore;

    public Detection() {}

    public Detection(Rule rule, Event event, String detail) {
        this.ruleId = rule.id();
        this.event = event;
        this.detail = detail;
        String values = ConditionMatcher.fieldValues(rule.suppression().by(), event);
        this.suppressionKey = rule.id() + "|" + (values == null ? "(none)" : values);
    }

    /** This detection with its own severity and risk score (either null: the rule's). */
    public Detection rated(Severity severity, Integer riskScore) {
        this.severity = severity;
        this.riskScore = riskScore;
        return this;
    }
}

package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;

/** A rule fired on an event: what the alert stage turns into an alert (or folds into one). */
public class Detection {
    public String ruleId;
    public Event event;
    /** One clause saying what the rule saw, used in the alert's reason. */
    public String detail;
    /** Rule id plus the values of the rule's suppression fields: detections with the same key fold into one alert. */
    public String suppressionKey;

    public Detection() {}

    public Detection(Rule rule, Event event, String detail) {
        this.ruleId = rule.id();
        this.event = event;
        this.detail = detail;
        String values = ConditionMatcher.fieldValues(rule.suppression().by(), event);
        this.suppressionKey = rule.id() + "|" + (values == null ? "(none)" : values);
    }
}

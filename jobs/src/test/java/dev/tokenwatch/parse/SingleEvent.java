package dev.tokenwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;

/** Parser tests' common check: the text gives exactly one clean event (no dead letter, no problem), returned. */
final class SingleEvent {
    private SingleEvent() {}

    static Event of(ParseOutcome outcome) {
        assertThat(outcome.deadLetters()).as("dead letters").isEmpty();
        assertThat(outcome.events()).hasSize(1);
        assertThat(outcome.events().get(0).problems).as("problems").isNull();
        return outcome.events().get(0);
    }
}

package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;

/** One source's record shape: how to recognize an element and turn it into a normalized event. */
interface InputFormat {
    /** The {@code event.dataset} value and the name dead letters use. */
    String dataset();

    boolean recognizes(JsonNode element);

    /**
     * The event, or a ParseException when the element cannot be an event at all (no usable time or
     * action). A bad value in any other field goes to {@code problems} and the field stays empty.
     */
    Event parse(JsonNode element, Problems problems) throws ParseException;

    /** Deterministic id for sources that have none, so re-reading the same input gives the same id. */
    static String derivedId(String dataset, JsonNode element) {
        return dataset + ":" + Secrets.sha256Hex(element.toString()).substring(0, 32);
    }
}

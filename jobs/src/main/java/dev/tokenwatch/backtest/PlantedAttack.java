package dev.tokenwatch.backtest;

import java.util.Set;

/**
 * One labelled attack in a stream: the rule meant to catch it and the ids of its events.
 *
 * @param needsTokenId the attack shows only in events that carry a token id (Distribution notifications never do)
 */
public record PlantedAttack(String id, String rule, String description, Set<String> eventIds, boolean needsTokenId) {}

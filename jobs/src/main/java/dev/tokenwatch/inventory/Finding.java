package dev.tokenwatch.inventory;

/**
 * One line of a triage report: which token (and whose), when and from where it happened, what it did
 * and why that matters. {@code notable} is false only for a push that looks like the token's routine
 * (known repository and network): listed, because after a leak every push needs checking, but not a
 * suspect. {@code token} is never null; the sighting's fields may be.
 */
public record Finding(TriageSection section, String token, String owner, Sighting at, String what, String why, boolean notable) {}

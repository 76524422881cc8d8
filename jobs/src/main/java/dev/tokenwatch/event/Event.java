package dev.tokenwatch.event;

import java.util.Comparator;

/**
 * One normalized registry or auth event (the contract in DESIGN.md).
 *
 * <p>Public fields and a no-arg constructor make it a Flink POJO, serialized field by field
 * without Kryo. The JSON shape and the names rule conditions use come from {@link EventField},
 * which maps each ECS path onto one of these fields.
 */
public class Event {
    /**
     * How every run takes events of the same time: by id, so ties never depend on arrival
     * (the job's order stage and keyed hold, and the in-process pipeline of rule tests).
     */
    public static final Comparator<Event> BY_ID = Comparator.comparing(e -> e.id, Comparator.nullsFirst(Comparator.naturalOrder()));
    /** The order each key's rules see events in: event time, then {@link #BY_ID}. */
    public static final Comparator<Event> IN_TIME_ORDER = Comparator.comparingLong((Event e) -> e.timestamp).thenComparing(BY_ID);

    public long timestamp;
    public String id;
    public String action;
    public String originalAction;
    public String outcome;
    public String dataset;

    public String userName;
    public String targetUserName;
    public String organizationName;
    /** The team or project a membership change was about (ECS {@code group.name}); null for the organization itself. */
    public String groupName;

    /**
     * Who the event is about, for rules that follow one credential: the token when the event names one,
     * else the user (a registry's notifications name the user, never the token). Set by the parser.
     */
    public String entityType;
    public String entityId;
    /** The account behind the event: the user, else the token (one whose owner the source does not name stands for itself). */
    public String entityOwner;

    public String tokenId;
    public String tokenKind;
    public String[] tokenScopes;
    /** When a token server's grant ends, or a Docker Hub access token expires (epoch millis); null otherwise. */
    public Long tokenExpiresAt;
    /** For a source that names the user but not the token: {@code grant} when a grant gave the token, else {@code none}. */
    public String tokenAttribution;

    public String sourceIp;
    /** The raw client address when it is not an IP address (ECS: the address before it is parsed); null otherwise. */
    public String sourceAddress;
    public String networkClass;
    public String countryIsoCode;
    public String countryName;
    public String cityName;
    public Double latitude;
    public Double longitude;
    /** MaxMind's radius in km around the coordinates; country-level guesses have hundreds. */
    public Long accuracyRadiusKm;
    public Long asNumber;
    public String asOrganization;
    /** The address's /24 (IPv4) or /48 (IPv6): the network to go by where there is no AS data. */
    public String networkPrefix;
    /**
     * How many other entities of the organization used this event's network (its AS, else its prefix)
     * in the sharing window before this event: high for CI pools, offices and VPNs.
     */
    public Long networkSharedBy;
    /** Whether this event's account ({@code entity.owner}) uses this network routinely itself; null without a network. */
    public Boolean networkFamiliar;

    public String userAgent;
    public String httpMethod;

    public String repositoryName;
    public String repositoryVisibility;
    public String imageTag;
    public String imageDigest;

    /**
     * What was wrong with this event's input: each entry names the field, the value (cut, secrets
     * fingerprinted) and why it was not kept. A bad field costs that field, never the event.
     */
    public String[] problems;

    public Event() {}

    @Override
    public String toString() {
        return EventJson.toJson(this);
    }
}

package dev.tokenwatch.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event schema as one table: each ECS path, its type, and the {@link Event} field behind it.
 * JSON reading and writing, the Esper event type and rule field references all derive from here,
 * so a field is added in exactly one place.
 */
public enum EventField {
    TIMESTAMP("@timestamp", Instant.class, e -> Instant.ofEpochMilli(e.timestamp), (e, v) -> e.timestamp = ((Instant) v).toEpochMilli()),
    EVENT_ID("event.id", String.class, e -> e.id, (e, v) -> e.id = (String) v),
    EVENT_ACTION("event.action", String.class, e -> e.action, (e, v) -> e.action = (String) v),
    EVENT_ORIGINAL_ACTION("event.original_action", String.class, e -> e.originalAction, (e, v) -> e.originalAction = (String) v),
    EVENT_OUTCOME("event.outcome", String.class, e -> e.outcome, (e, v) -> e.outcome = (String) v),
    EVENT_DATASET("event.dataset", String.class, e -> e.dataset, (e, v) -> e.dataset = (String) v),
    USER_NAME("user.name", String.class, e -> e.userName, (e, v) -> e.userName = (String) v),
    USER_TARGET_NAME("user.target.name", String.class, e -> e.targetUserName, (e, v) -> e.targetUserName = (String) v),
    ORGANIZATION_NAME("organization.name", String.class, e -> e.organizationName, (e, v) -> e.organizationName = (String) v),
    GROUP_NAME("group.name", String.class, e -> e.groupName, (e, v) -> e.groupName = (String) v),
    ENTITY_TYPE("entity.type", String.class, e -> e.entityType, (e, v) -> e.entityType = (String) v),
    ENTITY_ID("entity.id", String.class, e -> e.entityId, (e, v) -> e.entityId = (String) v),
    ENTITY_OWNER("entity.owner", String.class, e -> e.entityOwner, (e, v) -> e.entityOwner = (String) v),
    TOKEN_ID("token.id", String.class, e -> e.tokenId, (e, v) -> e.tokenId = (String) v),
    TOKEN_KIND("token.kind", String.class, e -> e.tokenKind, (e, v) -> e.tokenKind = (String) v),
    TOKEN_SCOPES("token.scopes", String[].class, e -> e.tokenScopes, (e, v) -> e.tokenScopes = (String[]) v),
    TOKEN_EXPIRES_AT("token.expires_at", Instant.class, e -> e.tokenExpiresAt == null ? null : Instant.ofEpochMilli(e.tokenExpiresAt),
            (e, v) -> e.tokenExpiresAt = ((Instant) v).toEpochMilli()),
    TOKEN_ATTRIBUTION("token.attribution", String.class, e -> e.tokenAttribution, (e, v) -> e.tokenAttribution = (String) v),
    SOURCE_IP("source.ip", String.class, e -> e.sourceIp, (e, v) -> e.sourceIp = (String) v),
    SOURCE_ADDRESS("source.address", String.class, e -> e.sourceAddress, (e, v) -> e.sourceAddress = (String) v),
    SOURCE_NETWORK_CLASS("source.network.class", String.class, e -> e.networkClass, (e, v) -> e.networkClass = (String) v),
    SOURCE_COUNTRY_ISO("source.geo.country_iso_code", String.class, e -> e.countryIsoCode, (e, v) -> e.countryIsoCode = (String) v),
    SOURCE_COUNTRY_NAME("source.geo.country_name", String.class, e -> e.countryName, (e, v) -> e.countryName = (String) v),
    SOURCE_CITY_NAME("source.geo.city_name", String.class, e -> e.cityName, (e, v) -> e.cityName = (String) v),
    SOURCE_LAT("source.geo.location.lat", Double.class, e -> e.latitude, (e, v) -> e.latitude = (Double) v),
    SOURCE_LON("source.geo.location.lon", Double.class, e -> e.longitude, (e, v) -> e.longitude = (Double) v),
    SOURCE_ACCURACY_RADIUS("source.geo.accuracy_radius", Long.class, e -> e.accuracyRadiusKm, (e, v) -> e.accuracyRadiusKm = (Long) v),
    SOURCE_AS_NUMBER("source.as.number", Long.class, e -> e.asNumber, (e, v) -> e.asNumber = (Long) v),
    SOURCE_AS_ORG("source.as.organization.name", String.class, e -> e.asOrganization, (e, v) -> e.asOrganization = (String) v),
    SOURCE_NETWORK_PREFIX("source.network.prefix", String.class, e -> e.networkPrefix, (e, v) -> e.networkPrefix = (String) v),
    SOURCE_NETWORK_SHARED_BY("source.network.shared_by", Long.class, e -> e.networkSharedBy, (e, v) -> e.networkSharedBy = (Long) v),
    SOURCE_NETWORK_FAMILIAR("source.network.familiar", Boolean.class, e -> e.networkFamiliar, (e, v) -> e.networkFamiliar = (Boolean) v),
    USER_AGENT("user_agent.original", String.class, e -> e.userAgent, (e, v) -> e.userAgent = (String) v),
    HTTP_METHOD("http.request.method", String.class, e -> e.httpMethod, (e, v) -> e.httpMethod = (String) v),
    REPOSITORY_NAME("repository.name", String.class, e -> e.repositoryName, (e, v) -> e.repositoryName = (String) v),
    REPOSITORY_VISIBILITY("repository.visibility", String.class, e -> e.repositoryVisibility, (e, v) -> e.repositoryVisibility = (String) v),
    IMAGE_TAG("image.tag", String.class, e -> e.imageTag, (e, v) -> e.imageTag = (String) v),
    IMAGE_DIGEST("image.digest", String.class, e -> e.imageDigest, (e, v) -> e.imageDigest = (String) v),
    TOKENWATCH_PROBLEMS("tokenwatch.problems", String[].class, e -> e.problems, (e, v) -> e.problems = (String[]) v);

    private static final Map<String, EventField> BY_PATH = Collections.unmodifiableMap(
            Arrays.stream(values()).collect(Collectors.toMap(f -> f.path, f -> f)));

    public final String path;
    public final Class<?> type;
    private final Function<Event, Object> getter;
    private final BiConsumer<Event, Object> setter;

    EventField(String path, Class<?> type, Function<Event, Object> getter, BiConsumer<Event, Object> setter) {
        this.path = path;
        this.type = type;
        this.getter = getter;
        this.setter = setter;
    }

    public static Optional<EventField> byPath(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    public Object get(Event event) {
        return getter.apply(event);
    }

    public void set(Event event, Object value) {
        setter.accept(event, value);
    }

    /** The value as text for keys and state: arrays joined with commas, null stays null. */
    public String text(Event event) {
        Object v = get(event);
        if (v == null) return null;
        if (v instanceof String[] arr) return String.join(",", arr);
        return v.toString();
    }
}

package dev.tokenwatch.sink.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertFactory;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.Severity;
import dev.tokenwatch.testing.TestEvents;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;

/** Alerts as the job raises them: the shipped tw-token-new-source rule on an enriched event, through AlertFactory. */
final class ChatAlerts {
    static final String KIBANA = "https://kibana.example/";
    static final String REASON = "token tok-auto-3a7fe274 of kbauer used from 95.216.3.77 (Finland, AS24940 Hetzner Online GmbH): "
            + "first source.geo.country_iso_code 'FI' for entity.owner 'kbauer'";
    private static final Rule NEW_SOURCE = loadShipped("tw-token-new-source");

    private ChatAlerts() {}

    static Alert newCountry() {
        Event e = TestEvents.event("2026-11-20T08:14:03Z", "image.pull", "tok-auto-3a7fe274", "95.216.3.77");
        e.userName = "kbauer";
        e.entityType = "token";
        e.entityId = "tok-auto-3a7fe274";
        e.entityOwner = "kbauer";
        e.countryIsoCode = "FI";
        e.countryName = "Finland";
        e.asNumber = 24940L;
        e.asOrganization = "Hetzner Online GmbH";
        e.networkPrefix = "95.216.3.0/24";
        e.repositoryName = "acme/payments-api";
        Detection d = new Detection(NEW_SOURCE, e, "first source.geo.country_iso_code 'FI' for entity.owner 'kbauer'")
                .rated(Severity.HIGH, 63);
        return AlertFactory.create(NEW_SOURCE, d);
    }

    /** The alert after two more detections folded in, at the given severity. */
    static Alert repeated(String severity) {
        Alert a = newCountry();
        a.severity = severity;
        a.count = 3;
        a.lastSeen = TestEvents.millis("2026-11-20T09:40:00Z");
        return a;
    }

    static AlertCard card() {
        return AlertCard.of(repeated("high"), KIBANA);
    }

    static AlertCard withReason(String reason) {
        AlertCard c = card();
        return new AlertCard(c.alertId(), c.severity(), c.ruleId(), c.ruleName(), reason, c.tokenId(), c.userName(),
                c.sourceIp(), c.country(), c.network(), c.repository(), c.firstSeen(), c.lastSeen(), c.count(), c.link(), c.document());
    }

    /** 17 alerts of tw-token-new-source and 4 of tw-revoked-token-used held back in five minutes, and 2 updates. */
    static Digest digest() {
        DigestBuilder builder = new DigestBuilder();
        for (int i = 0; i < 17; i++) builder.add(alert("tw-token-new-source", "nw-" + i, i < 9 ? "tok-ci-1" : "tok-" + i));
        for (int i = 0; i < 4; i++) builder.add(alert("tw-revoked-token-used", "rv-" + i, "tok-old-7"));
        builder.addUpdate(newCountry());
        builder.addUpdate(newCountry());
        return builder.build("soc", Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-20T08:05:00Z"));
    }

    static Alert alert(String ruleId, String id, String tokenId) {
        Alert a = newCountry();
        a.id = id;
        a.ruleId = ruleId;
        a.event = TestEvents.event("2026-11-20T08:01:00Z", "image.pull", tokenId, "203.0.113.7");
        return a;
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rule loadShipped(String id) {
        try {
            return TestRules.load(Files.readString(TestRules.repoRoot().resolve("rules/" + id + ".yaml"))).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

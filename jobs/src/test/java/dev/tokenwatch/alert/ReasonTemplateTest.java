package dev.tokenwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasonTemplateTest {
    private static String fill(String template, Map<String, String> values) {
        return ReasonTemplate.fill(template, values::get);
    }

    @Test
    void everyValuePresentReadsAsWritten() {
        assertThat(fill("Token {token.id} of {user.name} used from {source.ip} ({source.geo.country_name}): {detail}",
                Map.of("token.id", "t1", "user.name", "dana", "source.ip", "1.2.3.4", "source.geo.country_name", "Germany", "detail", "new")))
                .isEqualTo("Token t1 of dana used from 1.2.3.4 (Germany): new");
    }

    @Test
    void missingValuesAreLeftOutWithTheWordsThatIntroduceThem() {
        assertThat(fill("Token {token.id} of {user.name} used from {source.ip} ({source.geo.country_name}): {detail}",
                Map.of("token.id", "t1", "source.ip", "1.2.3.4", "detail", "new")))
                .isEqualTo("Token t1 used from 1.2.3.4: new");
        assertThat(fill("Token {token.id} of {user.name} used from {source.ip} ({source.geo.country_name}, AS{source.as.number} {source.as.organization.name}): {detail}",
                Map.of("token.id", "t1", "user.name", "dana", "source.ip", "1.2.3.4", "source.geo.country_name", "Germany", "detail", "new")))
                .isEqualTo("Token t1 of dana used from 1.2.3.4 (Germany): new");
        assertThat(fill("Push of {repository.name}:{image.tag} by {user.name} (token {token.id}) from {source.ip}: {detail}",
                Map.of("repository.name", "acme/web", "user.name", "ci", "detail", "first push")))
                .isEqualTo("Push of acme/web by ci: first push");
        assertThat(fill("Token {token.id} of {user.name} used ({event.action} {repository.name}) from {source.ip}: {detail}",
                Map.of("token.id", "t1", "event.action", "image.pull", "detail", "listed")))
                .isEqualTo("Token t1 used (image.pull): listed");
        assertThat(fill("{user.name} pushed to many repositories: {detail}", Map.of("detail", "9 repositories")))
                .isEqualTo("pushed to many repositories: 9 repositories");
    }

    @Test
    void noPlaceholderTextIsEverPrinted() {
        assertThat(fill("Token {token.id} of {user.name} has scopes [{token.scopes}] but pushed {repository.name}:{image.tag} from {source.ip} (outcome {event.outcome})",
                Map.of("token.id", "t1")))
                .isEqualTo("Token t1 has scopes but pushed")
                .doesNotContain("unknown", "\u0000", "()", "[]");
    }
}

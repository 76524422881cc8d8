package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.cluster.PutComponentTemplateRequest;
import co.elastic.clients.elasticsearch.ilm.PutLifecycleRequest;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * What {@code es setup} sends, read through the official client's request models, which are
 * generated from Elasticsearch's API specification and refuse unknown fields. The lifecycle parts
 * matter most here: the test distributions have no ILM, so no integration test ever PUTs them.
 */
class ShippedDefinitionsApiSpecTest {
    private final EsSetup setup = new EsSetup(null, new IndexNames("tokenwatch"));

    @Test
    void theLifecyclePolicyIsAValidIlmPolicyThatDeletesAfterTheRetention() {
        PutLifecycleRequest request = PutLifecycleRequest.of(b -> b.name("tokenwatch-events")
                .withJson(new StringReader(setup.lifecyclePolicy("90d"))));
        var phases = request.policy().phases();
        assertThat(phases.delete().minAge().time()).isEqualTo("90d");
        assertThat(phases.delete().actions().delete()).isNotNull();
        assertThat(phases.hot().actions().rollover()).as("no rollover: it would break idempotent ids").isNull();
    }

    @Test
    void theSpecModelRefusesAPolicyWithAMisspelledAction() {
        String broken = setup.lifecyclePolicy("90d").replace("\"delete\": {}", "\"delet\": {}");
        assertThatThrownBy(() -> PutLifecycleRequest.of(b -> b.name("x").withJson(new StringReader(broken))))
                .hasMessageContaining("delet");
    }

    @Test
    void theIndexTemplatesWithTheirLifecycleSettingsMatchTheSpec() throws Exception {
        for (String[] t : new String[][] {{"index-template-events.json", "tokenwatch-events"}, {"index-template-alerts.json", "tokenwatch-alerts"}}) {
            String json = setup.indexTemplate(t[0], t[1]);
            PutIndexTemplateRequest request = PutIndexTemplateRequest.of(b -> b.name(t[1]).withJson(new StringReader(json)));
            assertThat(request.indexPatterns()).containsExactly(t[1] + "-*");
            assertThat(request.composedOf()).contains("tokenwatch-ecs-entities");
            // The model keeps dotted setting names as they are; Elasticsearch reads them as nested ones.
            var settings = request.template().settings().otherSettings();
            assertThat(settings.get("index.lifecycle.name").to(String.class)).isEqualTo(t[1]);
            assertThat(settings.get("index.lifecycle.parse_origination_date").to(Boolean.class)).isTrue();
            assertThat(request.template().aliases()).containsKey(t[1]);
        }
        String component = setup.resource("component-template-ecs-entities.json");
        PutComponentTemplateRequest.of(b -> b.name("tokenwatch-ecs-entities").withJson(new StringReader(component)));
    }
}

package dev.tokenwatch.sink.elasticsearch;

import dev.tokenwatch.testing.ElasticsearchTestServer;

/** {@link ElasticsearchContract} against Elasticsearch 8.19. */
class Elasticsearch8IT extends ElasticsearchContract {
    @Override
    ElasticsearchTestServer server() {
        return ElasticsearchTestServer.get(8);
    }
}

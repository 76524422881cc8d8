package dev.tokenwatch.sink.elasticsearch;

import dev.tokenwatch.testing.ElasticsearchTestServer;

/** {@link ElasticsearchContract} against Elasticsearch 9.x, which needs a Java 21+ JDK on the machine. */
class Elasticsearch9IT extends ElasticsearchContract {
    @Override
    ElasticsearchTestServer server() {
        return ElasticsearchTestServer.get(9);
    }
}

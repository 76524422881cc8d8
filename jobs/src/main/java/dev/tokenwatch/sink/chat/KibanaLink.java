package dev.tokenwatch.sink.chat;

import java.nio.charset.StandardCharsets;

/** Kibana Discover opened on one alert, in the alerts data view the shipped dashboards install. */
final class KibanaLink {
    /** The id of the alerts data view in dashboards/kibana/tokenwatch.ndjson. */
    static final String ALERTS_DATA_VIEW = "tokenwatch-alerts";
    /** Wider than any suppression period, so the alert is in range however late the link is opened. */
    private static final String TIME_RANGE = "(time:(from:now-90d,to:now))";
    /** Rison's syntax and what a URL fragment allows unescaped; '&', '=' and '+' are not among them, Kibana splits on them. */
    private static final String SAFE = "-._~!'()*,:@/";

    private KibanaLink() {}

    /** Null when there is no Kibana to link to. */
    static String toAlert(String kibanaBaseUrl, String alertId) {
        if (kibanaBaseUrl == null || kibanaBaseUrl.isBlank() || alertId == null) return null;
        String base = kibanaBaseUrl.strip().replaceAll("/+$", "");
        String query = "alert.id:\"" + alertId + "\"";
        String app = "(index:" + ALERTS_DATA_VIEW + ",query:(language:kuery,query:" + risonString(query) + "))";
        return base + "/app/discover#/?_g=" + encode(TIME_RANGE) + "&_a=" + encode(app);
    }

    private static String risonString(String s) {
        return "'" + s.replace("!", "!!").replace("'", "!'") + "'";
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SAFE.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}

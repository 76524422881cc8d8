package dev.tokenwatch.backtest;

/** Escaping for text put into HTML and SVG: rule names, reasons and paths come from users and from attackers' events. */
final class Html {
    private Html() {}

    /** Safe in element content and in quoted attribute values. Null becomes empty. */
    static String escape(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

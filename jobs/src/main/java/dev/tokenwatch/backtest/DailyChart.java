package dev.tokenwatch.backtest;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One rule's alerts per day as an inline SVG bar chart: per day a baseline bar and a candidate bar
 * side by side (only the candidate without a baseline). Inline SVG so the report stays one file that
 * opens anywhere, with no script or external asset.
 */
final class DailyChart {
    static final String BASELINE_COLOR = "#a0aec0";
    static final String CANDIDATE_COLOR = "#2b6cb0";
    private static final int WIDTH = 440;
    private static final int HEIGHT = 170;
    private static final int LEFT = 34;
    private static final int RIGHT = 8;
    private static final int TOP = 16;
    private static final int BOTTOM = 30;
    private static final int MAX_DAY_LABELS = 10;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    private DailyChart() {}

    static String svg(RuleSummary rule, DayRange days, boolean hasBaseline) {
        int n = days.days();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" style=\"max-width:%dpx\""
                + " role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH * 2, Html.escape("Alerts per day of " + rule.id())));
        if (n == 0) return s.append("<text x=\"10\" y=\"20\">no input</text></svg>").toString();
        long max = 1;
        for (int d = 0; d < n; d++) max = Math.max(max, Math.max(rule.perDay()[d], hasBaseline ? rule.baselinePerDay()[d] : 0));
        long top = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double baseY = TOP + plotH;

        // Grid and y axis: zero, the middle when it is a whole number, the top.
        for (long tick : top % 2 == 0 ? new long[] {0, top / 2, top} : new long[] {0, top}) {
            double y = baseY - plotH * tick / top;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                    LEFT, WIDTH - RIGHT, y, y, tick == 0 ? "#4a5568" : "#e2e8f0"));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\" fill=\"#4a5568\">%d</text>",
                    LEFT - 4, y + 3.5, tick));
        }

        double group = plotW / n;
        double bar = hasBaseline ? Math.min(group * 0.4, 22) : Math.min(group * 0.6, 28);
        int labelEvery = (n + MAX_DAY_LABELS - 1) / MAX_DAY_LABELS;
        for (int d = 0; d < n; d++) {
            double center = LEFT + group * d + group / 2;
            String day = days.day(d).toString();
            if (hasBaseline) {
                bar(s, center - bar - 0.5, bar, rule.baselinePerDay()[d], top, plotH, baseY, BASELINE_COLOR, day + " baseline");
                bar(s, center + 0.5, bar, rule.perDay()[d], top, plotH, baseY, CANDIDATE_COLOR, day + " candidate");
            } else {
                bar(s, center - bar / 2, bar, rule.perDay()[d], top, plotH, baseY, CANDIDATE_COLOR, day);
            }
            if (d % labelEvery == 0) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"#4a5568\">%s</text>",
                        center, baseY + 14, Html.escape(DAY.format(days.day(d)))));
            }
        }
        return s.append("</svg>").toString();
    }

    private static void bar(StringBuilder s, double x, double width, long value, long top, double plotH, double baseY,
                            String color, String label) {
        double h = plotH * value / top;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d</title></rect>",
                x, baseY - h, width, h, color, Html.escape(label), value));
        // Counts are small; printing them saves reading bar heights off the axis. Only where they fit.
        if (value > 0 && width >= 9) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1a202c\">%d</text>",
                    x + width / 2, baseY - h - 3, value));
        }
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... at or above {@code max}, so the axis has round numbers. */
    static long niceCeiling(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * step >= max) return m * step;
            }
            step *= 10;
        }
    }
}

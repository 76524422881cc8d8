package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;
import static dev.tokenwatch.samples.Time.DAY;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;

/**
 * How big the simulated company is and how long its stream runs. Every registry has at least its
 * named repositories, whatever the counts say.
 */
record Scale(long span, int humans, int nativeRepos, int distributionRepos, int harborRepos, int hubRepos) {

    static final long SAMPLE_SPAN = 4 * DAY;
    static final long MIXED_SPAN = 30 * DAY;

    /** People in the samples; the mixed stream scales this up. */
    static final int SAMPLE_HUMANS = 140;

    /**
     * Lines one person's share of the simulated company produces per day, weekends included
     * (about 7.4, measured on the mixed stream), used to size its population so that N lines cover
     * about 30 days. Rounded up: the stream runs a little past 30 days, so the last planted attack
     * (day 4, 22:47 in the samples, day 30 here) is in it.
     */
    static final int LINES_PER_HUMAN_DAY = 8;

    static Scale samples() {
        return of(SAMPLE_SPAN, SAMPLE_HUMANS);
    }

    static Scale mixed(long events) {
        long humans = events / ((long) LINES_PER_HUMAN_DAY * (MIXED_SPAN / DAY));
        return of(MIXED_SPAN, (int) Math.max(SAMPLE_HUMANS, Math.min(humans, 200_000)));
    }

    private static Scale of(long span, int humans) {
        return new Scale(span, humans, humans / 8, humans / 40, humans / 20, humans / 60);
    }

    /**
     * The sample's "day d, hh:mm" mapped onto this stream's span (identity for the samples), so the
     * planted events of the README keep their relative place in the longer mixed stream.
     */
    long at(int day, int hour, int minute) {
        long sampleOffset = (day - 1) * DAY + hour * HOUR + minute * MINUTE;
        return BASE_TIME + (long) (sampleOffset * ((double) span / SAMPLE_SPAN));
    }

    long end() {
        return BASE_TIME + span;
    }
}

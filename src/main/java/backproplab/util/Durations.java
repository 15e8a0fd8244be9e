package backproplab.util;

/** Durations as people read them. */
public final class Durations {

    private Durations() {}

    /** h:mm:ss, or m:ss under an hour. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}

package backproplab.diagnostics;

import java.nio.FloatBuffer;

/**
 * The distribution of an array's values in equal-width buckets from its smallest to its largest
 * value, in the terms of TensorBoard's histograms: {@code bucketLimits[i]} is the right edge of
 * bucket {@code i}, the left edge of the first is {@code min}. Non-finite values are left out
 * (a diverging run's last step can hold some); {@code count} is the number of finite values.
 */
public record Histogram(double min, double max, double count, double sum, double sumOfSquares,
        double[] bucketLimits, double[] bucketCounts) {

    /** As many buckets as TensorBoard's own summaries make by default. */
    public static final int BUCKETS = 30;

    /** The histogram of {@code values}, or null when none is finite. */
    public static Histogram of(FloatBuffer values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double squares = 0;
        long finite = 0;
        for (int i = 0, n = values.limit(); i < n; i++) {
            double v = values.get(i);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                squares += v * v;
                finite++;
            }
        }
        if (finite == 0) {
            return null;
        }
        if (min == max) {
            // One value throughout (a weight just set to zero): one bucket holds it.
            return new Histogram(min, max, finite, sum, squares, new double[] {max}, new double[] {finite});
        }
        double width = (max - min) / BUCKETS;
        double[] limits = new double[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            limits[b] = min + width * (b + 1);
        }
        limits[BUCKETS - 1] = max;
        double[] counts = new double[BUCKETS];
        for (int i = 0, n = values.limit(); i < n; i++) {
            double v = values.get(i);
            if (Double.isFinite(v)) {
                counts[Math.min(BUCKETS - 1, (int) ((v - min) / width))]++;
            }
        }
        return new Histogram(min, max, finite, sum, squares, limits, counts);
    }

    /** A layer's weight before the update of a recorded step, and its gradient (either null when not finite). */
    public record OfLayer(String layer, Histogram weight, Histogram gradient) {}
}

package backproplab.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A confusion matrix over the test set: {@code counts[t][p]} images of true class t predicted as
 * class p. Its trace over its total is the test accuracy.
 */
public record Confusion(long[][] counts) {

    /** The confusion of {@code predicted} against {@code labels}, over {@code classes} classes. */
    public static Confusion of(int[] predicted, long[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            counts[(int) labels[i]][predicted[i]]++;
        }
        return new Confusion(counts);
    }

    public int classes() {
        return counts.length;
    }

    /** Images of true class {@code c} (the row's sum). */
    public long support(int c) {
        long n = 0;
        for (long k : counts[c]) {
            n += k;
        }
        return n;
    }

    public long total() {
        long n = 0;
        for (int c = 0; c < classes(); c++) {
            n += support(c);
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int c = 0; c < classes(); c++) {
            n += counts[c][c];
        }
        return n;
    }

    /** The test accuracy: the trace over the total. */
    public double accuracy() {
        return (double) correct() / total();
    }

    /** Each class's accuracy (its recall): correct images of the class over the class's images. */
    public double[] perClassAccuracy() {
        double[] accuracy = new double[classes()];
        for (int c = 0; c < classes(); c++) {
            accuracy[c] = (double) counts[c][c] / support(c);
        }
        return accuracy;
    }

    /** The sum of two confusions (of several seeds). */
    public Confusion plus(Confusion other) {
        long[][] sum = new long[classes()][classes()];
        for (int t = 0; t < classes(); t++) {
            for (int p = 0; p < classes(); p++) {
                sum[t][p] = counts[t][p] + other.counts[t][p];
            }
        }
        return new Confusion(sum);
    }

    /** A cell off the diagonal: {@code count} images of class {@code truth} predicted as {@code predicted}. */
    public record Mistake(int truth, int predicted, long count) {}

    /** The {@code k} largest cells off the diagonal, largest first (ties: by true, then predicted class). */
    public List<Mistake> mostConfused(int k) {
        List<Mistake> mistakes = new ArrayList<>();
        for (int t = 0; t < classes(); t++) {
            for (int p = 0; p < classes(); p++) {
                if (t != p && counts[t][p] > 0) {
                    mistakes.add(new Mistake(t, p, counts[t][p]));
                }
            }
        }
        mistakes.sort(Comparator.comparingLong(Mistake::count).reversed()
                .thenComparingInt(Mistake::truth).thenComparingInt(Mistake::predicted));
        return mistakes.subList(0, Math.min(k, mistakes.size()));
    }
}

package backproplab.train;

import java.util.Comparator;
import java.util.List;

/**
 * What a training run measured.
 *
 * @param points every evaluation, in step order
 * @param stepsDone training steps run (fewer than asked if the loss diverged, or the run stopped early)
 * @param msPerStep mean wall time of a training step, evaluations excluded
 * @param wallSeconds the whole run, evaluations included
 * @param diverged true if the run stopped at a non-finite loss
 * @param stoppedEarly true if the run ended because its validation accuracy stopped improving
 */
public record History(List<EvalPoint> points, int stepsDone, double msPerStep, double wallSeconds, boolean diverged,
        boolean stoppedEarly) {

    public History {
        points = List.copyOf(points);
    }

    /** A run's history that did not stop early. */
    public History(List<EvalPoint> points, int stepsDone, double msPerStep, double wallSeconds, boolean diverged) {
        this(points, stepsDone, msPerStep, wallSeconds, diverged, false);
    }

    public double finalTestAccuracy() {
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).testAccuracy();
    }

    public EvalPoint best() {
        return points.stream()
                .max(Comparator.comparingDouble(EvalPoint::testAccuracy))
                .orElseThrow(() -> new IllegalStateException("no evaluation was recorded"));
    }

    public double bestTestAccuracy() {
        return points.isEmpty() ? Double.NaN : best().testAccuracy();
    }

    /** Whether the run evaluated a validation set. */
    public boolean validated() {
        return !points.isEmpty() && points.get(0).validation() != null;
    }

    /**
     * The evaluation a validation set selects: the first of best validation accuracy; null
     * without a validation set.
     */
    public EvalPoint selected() {
        return selected(points);
    }

    /** {@link #selected()} of {@code points}. */
    public static EvalPoint selected(List<EvalPoint> points) {
        EvalPoint selected = null;
        for (EvalPoint point : points) {
            if (point.validation() != null
                    && (selected == null || point.validationAccuracy() > selected.validationAccuracy())) {
                selected = point;
            }
        }
        return selected;
    }

    /** How many evaluations came after the selected one: those that did not improve on it. */
    public static int evaluationsSinceSelected(List<EvalPoint> points) {
        EvalPoint selected = selected(points);
        return selected == null ? 0 : points.size() - 1 - points.indexOf(selected);
    }
}

package backproplab.train;

import java.util.Comparator;
import java.util.List;

/**
 * What a training run measured.
 *
 * @param points every evaluation, in step order
 * @param stepsDone training steps run (fewer than asked if the loss diverged)
 * @param msPerStep mean wall time of a training step, evaluations excluded
 * @param wallSeconds the whole run, evaluations included
 * @param diverged true if the run stopped at a non-finite loss
 */
public record History(
        List<EvalPoint> points, int stepsDone, double msPerStep, double wallSeconds, boolean diverged) {

    public History {
        points = List.copyOf(points);
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
}

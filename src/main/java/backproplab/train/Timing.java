package backproplab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's figures, gathered step by step: mean time per training step and per phase, and
 * the same means over each interval of {@value #INTERVAL} steps (some costs appear only after
 * hundreds of steps, and only in one phase).
 */
public final class Timing {

    /** Steps per interval. */
    public static final int INTERVAL = 100;

    /** Mean ms per step over one interval: the whole step and its three phases. */
    public record Interval(double stepMs, double forwardMs, double backwardMs, double updateMs) {}

    private StepTimes sum = StepTimes.ZERO;
    private StepTimes intervalSum = StepTimes.ZERO;
    private int steps;
    private final List<Interval> intervals = new ArrayList<>();

    public void onStep(int step, BatchScore score, StepTimes times) {
        sum = sum.plus(times);
        intervalSum = intervalSum.plus(times);
        steps++;
        if (steps % INTERVAL == 0) {
            intervals.add(new Interval(perStep(intervalSum.total(), INTERVAL), perStep(intervalSum.forward(), INTERVAL),
                    perStep(intervalSum.backward(), INTERVAL), perStep(intervalSum.update(), INTERVAL)));
            intervalSum = StepTimes.ZERO;
        }
    }

    public int steps() {
        return steps;
    }

    public double msPerStep() {
        return perStep(sum.total(), steps);
    }

    public double forwardMs() {
        return perStep(sum.forward(), steps);
    }

    public double backwardMs() {
        return perStep(sum.backward(), steps);
    }

    public double updateMs() {
        return perStep(sum.update(), steps);
    }

    /** The means of each whole interval, in order. */
    public List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    private static double perStep(long nanos, int steps) {
        return steps == 0 ? Double.NaN : nanos / 1e6 / steps;
    }
}

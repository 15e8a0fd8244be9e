package backproplab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's figures, gathered as a listener: mean time per training step and per phase, and
 * the mean of each interval of {@value #INTERVAL} steps (some costs appear only after hundreds of
 * steps).
 */
public final class Timing implements TrainingListener {

    /** Steps per interval. */
    public static final int INTERVAL = 100;

    private long forward;
    private long backward;
    private long update;
    private long total;
    private int steps;
    private long intervalNanos;
    private final List<Double> intervals = new ArrayList<>();

    @Override
    public void onStep(int step, BatchScore score, StepTimes times) {
        forward += times.forward();
        backward += times.backward();
        update += times.update();
        total += times.total();
        intervalNanos += times.total();
        steps++;
        if (steps % INTERVAL == 0) {
            intervals.add(intervalNanos / 1e6 / INTERVAL);
            intervalNanos = 0;
        }
    }

    public int steps() {
        return steps;
    }

    public double msPerStep() {
        return perStep(total);
    }

    public double forwardMs() {
        return perStep(forward);
    }

    public double backwardMs() {
        return perStep(backward);
    }

    public double updateMs() {
        return perStep(update);
    }

    /** ms/step of each whole interval, in order. */
    public List<Double> intervalMsPerStep() {
        return List.copyOf(intervals);
    }

    private double perStep(long nanos) {
        return steps == 0 ? Double.NaN : nanos / 1e6 / steps;
    }
}

package backproplab.train;

/** Adds up the time a learner spends in forward, backward and update, for the benchmark. */
public final class PhaseClock {

    private long forwardNanos;
    private long backwardNanos;
    private long updateNanos;
    private long steps;
    private long mark;

    /** Marks the start of a step's forward pass. */
    public void start() {
        mark = System.nanoTime();
    }

    public void forwardDone() {
        forwardNanos += lap();
    }

    public void backwardDone() {
        backwardNanos += lap();
    }

    public void updateDone() {
        updateNanos += lap();
        steps++;
    }

    public void reset() {
        forwardNanos = 0;
        backwardNanos = 0;
        updateNanos = 0;
        steps = 0;
    }

    public double forwardMs() {
        return perStep(forwardNanos);
    }

    public double backwardMs() {
        return perStep(backwardNanos);
    }

    public double updateMs() {
        return perStep(updateNanos);
    }

    private double perStep(long nanos) {
        return steps == 0 ? Double.NaN : nanos / 1e6 / steps;
    }

    private long lap() {
        long now = System.nanoTime();
        long elapsed = now - mark;
        mark = now;
        return elapsed;
    }
}

package backproplab.train;

/**
 * Where one training step's time went, in nanoseconds: the learner's three phases, and the whole
 * step (the batch gathered from the data set and the score read back included).
 */
public record StepTimes(long forward, long backward, long update, long total) {

    /** No time at all: the start of a sum. */
    public static final StepTimes ZERO = new StepTimes(0, 0, 0, 0);

    /** The phase-by-phase sum of this and {@code other}. */
    public StepTimes plus(StepTimes other) {
        return new StepTimes(forward + other.forward, backward + other.backward, update + other.update,
                total + other.total);
    }
}

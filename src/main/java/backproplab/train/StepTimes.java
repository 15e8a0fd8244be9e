package backproplab.train;

/**
 * Where one training step's time went, in nanoseconds: the learner's three phases, and the whole
 * step (the batch gathered from the data set and the score read back included).
 */
public record StepTimes(long forward, long backward, long update, long total) {}

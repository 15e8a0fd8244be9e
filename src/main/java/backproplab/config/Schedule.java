package backproplab.config;

/**
 * How the learning rate changes over a run's steps, as PyTorch's schedulers change it when
 * {@code scheduler.step()} follows each {@code optimizer.step()}: an optional linear warm-up (a
 * {@code LinearLR} from 1/warmup to 1 over the first {@code warmup} steps), then constant, a step
 * decay ({@code StepLR}) or a cosine ({@code CosineAnnealingLR} over the steps left), the two
 * chained as {@code SequentialLR} chains them.
 *
 * @param warmup steps of linear warm-up (0: none)
 * @param decayEvery {@code step}: steps between two decays (StepLR's {@code step_size})
 * @param decayFactor {@code step}: what each decay multiplies the rate by (StepLR's {@code gamma})
 * @param minLearningRate {@code cosine}: the rate it ends at (CosineAnnealingLR's {@code eta_min})
 */
public record Schedule(Kind kind, int warmup, int decayEvery, double decayFactor, double minLearningRate) {

    /** The learning rate as given, at every step. */
    public static final Schedule CONSTANT = new Schedule(Kind.CONSTANT, 0, 1, 1, 0);

    public Schedule {
        if (warmup < 0) {
            throw Hyperparameters.bad("warmup", warmup, "must be 0 or more steps");
        }
        if (decayEvery < 1) {
            throw Hyperparameters.bad("decayEvery", decayEvery, "must be at least 1 step");
        }
        if (!(decayFactor > 0 && decayFactor <= 1)) {
            throw Hyperparameters.bad("decayFactor", decayFactor, "must be above 0 and at most 1, e.g. 0.5");
        }
        if (!(minLearningRate >= 0) || Double.isInfinite(minLearningRate)) {
            throw Hyperparameters.bad("minLearningRate", minLearningRate, "must be zero or a positive finite number");
        }
    }

    /** The schedules by the name {@code -Dschedule} gives them. */
    public enum Kind implements Choice {
        CONSTANT,
        STEP,
        COSINE
    }

    /** Whether the rate is the one given at every step (no warm-up, no decay). */
    public boolean constant() {
        return kind == Kind.CONSTANT && warmup == 0;
    }

    /**
     * The learning rate of step {@code step} (1, 2, ...) of a run of {@code steps}, from the rate
     * {@code base} given.
     */
    public double at(int step, int steps, double base) {
        if (step <= warmup) {
            return base * step / warmup;
        }
        // The main schedule's own count, from 0 at the first step after the warm-up.
        int after = step - 1 - warmup;
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(decayFactor, Math.floorDiv(after, decayEvery));
            case COSINE -> minLearningRate
                    + (base - minLearningRate) * (1 + Math.cos(Math.PI * after / (steps - warmup))) / 2;
        };
    }

    /** The schedule {@code values} name, from the settings it reads alone. */
    static Schedule read(SettingValues values) {
        Kind kind = values.get(Settings.SCHEDULE);
        int warmup = values.get(Settings.WARMUP);
        return switch (kind) {
            case CONSTANT -> new Schedule(kind, warmup, 1, 1, 0);
            case STEP -> new Schedule(kind, warmup, values.get(Settings.DECAY_EVERY), values.get(Settings.DECAY_FACTOR),
                    0);
            case COSINE -> new Schedule(kind, warmup, 1, 1, values.get(Settings.MIN_LEARNING_RATE));
        };
    }
}

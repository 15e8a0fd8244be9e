package backproplab.config;

import backproplab.util.UserError;
import java.util.List;

/**
 * What an experiment trains and how: every setting that changes its numbers, typed and checked.
 *
 * @param network the network, with the settings it reads (its optimizer among them)
 * @param schedule how its learning rate changes over the steps
 * @param input how the pixels are scaled before the network sees them
 * @param augment what is done to each training image, in this order (none: the images as they are)
 * @param steps training steps (batches)
 * @param batchSize images per training step
 * @param evalEvery steps between evaluations (step 1 and the last step are always evaluated)
 * @param validation how many of the first training images are a validation set (0: none), never trained on
 * @param earlyStop evaluations without a better validation accuracy that end the run (0: none end it)
 * @param evalBatchSize images per forward pass when evaluating the test set
 * @param seed seeds weight initialization and the batch order
 */
public record Hyperparameters(Network network, Schedule schedule, Input input, List<Augmentation> augment, int steps,
        int batchSize, int evalEvery, int validation, int earlyStop, int evalBatchSize, long seed) {

    public Hyperparameters {
        augment = List.copyOf(augment);
        if (steps <= 0) {
            throw bad("steps", steps, "must be at least 1");
        }
        if (batchSize <= 0) {
            throw bad("batchSize", batchSize, "must be at least 1");
        }
        if (evalEvery <= 0) {
            throw bad("evalEvery", evalEvery, "must be at least 1");
        }
        if (validation < 0) {
            throw bad("validation", validation, "must be 0 (none) or a number of images");
        }
        if (earlyStop < 0) {
            throw bad("earlyStop", earlyStop, "must be 0 (never) or a number of evaluations");
        }
        if (earlyStop > 0 && validation == 0) {
            throw bad("earlyStop", earlyStop, "stops on the validation accuracy, and there is no validation set:"
                    + " give -Dvalidation=N too (the first N training images, 5000 say)");
        }
        if (evalBatchSize <= 0) {
            throw bad("evalBatchSize", evalBatchSize, "must be at least 1");
        }
        // DJL's engine seed is an int.
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            throw bad("seed", seed, "must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
    }

    /** The hyperparameters {@code values} give, each read through its declaration. */
    static Hyperparameters read(SettingValues values) {
        return new Hyperparameters(Network.read(values), Schedule.read(values), values.get(Settings.INPUT),
                values.get(Settings.AUGMENT), values.get(Settings.STEPS), values.get(Settings.BATCH_SIZE),
                values.get(Settings.EVAL_EVERY), values.get(Settings.VALIDATION), values.get(Settings.EARLY_STOP),
                values.get(Settings.EVAL_BATCH_SIZE), values.get(Settings.SEED));
    }

    /** The same training from another seed. */
    public Hyperparameters withSeed(long newSeed) {
        return new Hyperparameters(network, schedule, input, augment, steps, batchSize, evalEvery, validation, earlyStop,
                evalBatchSize, newSeed);
    }

    /** The same training with one batch norm, compared with none: one of section 3's runs. */
    public Hyperparameters withBatchNorm(BatchNormKind kind) {
        if (!(network instanceof Network.Mlp mlp)) {
            throw new IllegalArgumentException(network.kind().key() + " has no batch norm to choose");
        }
        return new Hyperparameters(mlp.withBatchNorm(kind), schedule, input, augment, steps, batchSize, evalEvery,
                validation, earlyStop, evalBatchSize, seed);
    }

    /** The learning rate given (the schedule's starting point): the hand-written MLP's, or its optimizer's. */
    public double learningRate() {
        return network instanceof Network.HandWrittenMlp mlp ? mlp.learningRate()
                : ((Network.Optimized) network).optimizer().learningRate();
    }

    /** The learning rate of step {@code step} (1, 2, ...), as the schedule makes it. */
    public double learningRateAt(int step) {
        return schedule.at(step, steps, learningRate());
    }

    /**
     * Whether a training step draws random numbers (dropout's masks, augmentation's flips and
     * crops), which a resumed run must draw again alike.
     */
    public boolean stepsDrawRandomNumbers() {
        return !augment.isEmpty() || network instanceof Network.Layered layered && layered.dropout() > 0;
    }

    /** Section 3's batch norms, one run each; none for any other experiment. */
    public List<BatchNormKind> compareBatchNorms() {
        return network instanceof Network.Mlp mlp ? mlp.compareBatchNorms() : List.of();
    }

    /** Whether this is section 3's comparison of batch norms. */
    public boolean comparesBatchNorms() {
        return !compareBatchNorms().isEmpty();
    }

    /** The network as an error names it: its kind, its activation, its optimizer, and what it compares. */
    public String networkShown() {
        return network.kind().key()
                + (network instanceof Network.Layered layered
                        ? ", activation=" + layered.activation().kind().key() : "")
                + (network instanceof Network.Optimized optimized ? ", optimizer=" + optimized.optimizer().kind().key()
                        : "")
                + (comparesBatchNorms() ? ", compareBatchNorms=" + Choice.keys(compareBatchNorms()) : "");
    }

    static UserError bad(String key, Object value, String why) {
        return new UserError("bad value " + key + "=" + value + ": " + why);
    }
}

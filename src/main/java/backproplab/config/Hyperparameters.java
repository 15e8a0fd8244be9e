package backproplab.config;

import backproplab.util.UserError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an experiment trains and how: every setting that changes its numbers, typed and checked.
 *
 * @param model the network
 * @param hidden hidden layer sizes of the MLPs
 * @param batchNorm the MLP's batch norm
 * @param compareBatchNorms section 3: train the MLP once with each of these batch norms and
 *     compare them (empty: train once, with {@code batchNorm})
 * @param optimizer the optimizer
 * @param learningRate the optimizer's learning rate
 * @param weightDecay L2 weight decay added to the gradient (PyTorch's {@code weight_decay})
 * @param steps training steps (batches)
 * @param batchSize images per training step
 * @param evalEvery steps between evaluations (step 1 and the last step are always evaluated)
 * @param evalBatchSize images per forward pass when evaluating the test set
 * @param seed seeds weight initialization and the batch order
 */
public record Hyperparameters(
        Network model,
        List<Integer> hidden,
        BatchNormKind batchNorm,
        List<BatchNormKind> compareBatchNorms,
        Optimizer optimizer,
        double learningRate,
        double weightDecay,
        int steps,
        int batchSize,
        int evalEvery,
        int evalBatchSize,
        long seed) {

    public Hyperparameters {
        hidden = List.copyOf(hidden);
        compareBatchNorms = List.copyOf(compareBatchNorms);
        if (compareBatchNorms.contains(BatchNormKind.NONE)) {
            throw bad("compareBatchNorms", names(compareBatchNorms),
                    "batch norms separated by commas, from " + Choice.names(BatchNormKind.class) + " but none");
        }
        // Section 3 compares the hand-written backward with autograd's: both must be there.
        if (!compareBatchNorms.isEmpty()
                && !compareBatchNorms.containsAll(List.of(BatchNormKind.AUTOGRAD, BatchNormKind.MANUAL))) {
            throw bad("compareBatchNorms", names(compareBatchNorms), "must include autograd and manual");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw bad("learningRate", learningRate, "must be a positive finite number");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw bad("weightDecay", weightDecay, "must be zero or a positive finite number");
        }
        if (steps <= 0) {
            throw bad("steps", steps, "must be at least 1");
        }
        if (batchSize <= 0) {
            throw bad("batchSize", batchSize, "must be at least 1");
        }
        if (evalEvery <= 0) {
            throw bad("evalEvery", evalEvery, "must be at least 1");
        }
        if (evalBatchSize <= 0) {
            throw bad("evalBatchSize", evalBatchSize, "must be at least 1");
        }
        // DJL's engine seed is an int.
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            throw bad("seed", seed, "must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        // The hand-written MLP has no optimizer, weight decay or batch norm to choose (section 1).
        if (model == Network.MANUAL_MLP
                && !(optimizer == Optimizer.SGD && weightDecay == 0 && batchNorm == BatchNormKind.NONE)) {
            throw bad("model", model.key(), "the hand-written MLP trains with plain SGD only (optimizer=sgd,"
                    + " weightDecay=0, batchNorm=none), got optimizer=" + optimizer.key() + ", weightDecay="
                    + weightDecay + ", batchNorm=" + batchNorm.key());
        }
    }

    /** The same training from another seed. */
    public Hyperparameters withSeed(long newSeed) {
        return new Hyperparameters(model, hidden, batchNorm, compareBatchNorms, optimizer, learningRate, weightDecay,
                steps, batchSize, evalEvery, evalBatchSize, newSeed);
    }

    /** The same training with one batch norm, compared with none: one of section 3's runs. */
    public Hyperparameters withBatchNorm(BatchNormKind kind) {
        return new Hyperparameters(model, hidden, kind, List.of(), optimizer, learningRate, weightDecay,
                steps, batchSize, evalEvery, evalBatchSize, seed);
    }

    /** Whether this is section 3's comparison of batch norms. */
    public boolean comparesBatchNorms() {
        return !compareBatchNorms.isEmpty();
    }

    static String names(List<? extends Choice> choices) {
        return choices.stream().map(Choice::key).collect(Collectors.joining(","));
    }

    static UserError bad(String key, Object value, String why) {
        return new UserError("bad value " + key + "=" + value + ": " + why);
    }
}
